/**
 * CPU seconds of the bench's own process (bench + in-process worker) and of the Temporal dev server it
 * spawned (a child process running `temporal server start-dev`), read from /proc (Linux), so a phase of
 * the run can be charged per started instance. Elsewhere the server's figure is null.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readProcStat, statTicks, TICKS } from '../w2w6/process-cpu';

function procCpuSeconds(pid: number): number | null {
  const stat = readProcStat(`/proc/${pid}/stat`);
  return stat ? statTicks(stat.fields, false) / TICKS : null;
}

function devServerPid(): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${process.pid}/task`)) {
      for (const child of readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) {
        if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('start-dev')) return Number(child);
      }
    }
  } catch {
    // not Linux
  }
  return undefined;
}

export interface CpuReading {
  at: number;
  benchAndWorker: number;
  devServer: number | null;
}

export function readCpu(): CpuReading {
  const own = process.cpuUsage();
  const pid = devServerPid();
  return { at: Date.now(), benchAndWorker: (own.user + own.system) / 1e6, devServer: pid === undefined ? null : procCpuSeconds(pid) };
}

/** CPU ms per instance between two readings (and the cores each side kept busy) */
export function cpuPerInstance(from: CpuReading, to: CpuReading, instances: number) {
  const wallS = (to.at - from.at) / 1000;
  const side = (a: number | null, b: number | null) =>
    a === null || b === null ? null : { msPerInstance: Math.round(((b - a) * 1000) / instances * 10) / 10, coresBusy: Math.round(((b - a) / wallS) * 100) / 100 };
  return { wallSeconds: Math.round(wallS), benchAndWorker: side(from.benchAndWorker, to.benchAndWorker), devServer: side(from.devServer, to.devServer) };
}
