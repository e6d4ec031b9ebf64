import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const benchDir = join(__dirname, '..');

function pkgVersion(name: string): string | undefined {
  try {
    return JSON.parse(readFileSync(join(benchDir, '..', 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function temporalCliVersion(cli: string | undefined): string | undefined {
  if (!cli) return undefined;
  try {
    return execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** machine + versions, as performance.md asks each result file to carry */
export function environmentInfo(temporalCli?: string) {
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryBytes: totalmem(),
    // the machine is shared: a load far above nproc means every figure (baseline too) is slowed
    loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    versions: {
      '@temporalio/worker': pkgVersion('@temporalio/worker'),
      temporalCli: temporalCliVersion(temporalCli),
    },
  };
}

/**
 * Writes bench/results/<name>.json. A smoke run writes <name>.smoke.json so the
 * committed full results are never overwritten by CI.
 */
export function writeResult(name: string, smoke: boolean, body: Record<string, unknown>): string {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}${smoke ? '.smoke' : ''}.json`);
  writeFileSync(file, JSON.stringify({ name, smoke, at: new Date().toISOString(), ...body }, null, 2) + '\n');
  return file;
}

export function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * CPU seconds (user + system, all threads) of this process and of its children that ended and were
 * reaped (the replay processes of W5; `/proc/self/stat` cutime + cstime, Linux). Take differences:
 * children reaped before the first reading (a dev server closed earlier) cancel out.
 */
export function cpuSecondsWithChildren(): number {
  const own = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const childTicks = Number(fields[13]) + Number(fields[14]);
  return (own.user + own.system) / 1e6 + childTicks / 100; // USER_HZ 100
}
