import { readdirSync, readFileSync } from 'node:fs';

/** clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux) */
export const TICKS = 100;

/**
 * A /proc stat file (`/proc/<pid>/stat`, `/proc/<pid>/task/<tid>/stat`): the command name and the fields
 * after it — state is [0], utime [11], stime [12], cutime [13], cstime [14]. null when it cannot be read.
 */
export function readProcStat(path: string): { comm: string; fields: string[] } | null {
  try {
    const stat = readFileSync(path, 'utf8');
    const close = stat.lastIndexOf(')');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
  } catch {
    return null;
  }
}

/** CPU ticks of a stat's process or thread: utime + stime, plus its reaped children's when `withChildren` */
export function statTicks(fields: string[], withChildren: boolean): number {
  return Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
}

/**
 * CPU seconds used so far by the processes named `comm` (`postgres`: the backends serving the API
 * and the baseline included; `temporal`: the dev server): the sum of utime + stime, plus their
 * reaped children's (cutime + cstime: a backend that exited counts in the postmaster's).
 * Linux only (null elsewhere). The difference over a run says how much of the 2 cores that
 * server took — on a shared machine other sessions' work in the same server counts too.
 */
export function processCpuSeconds(comm: string): number | null {
  let ticks = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    // null: the process ended meanwhile
    const stat = readProcStat(`/proc/${pid}/stat`);
    if (stat?.comm !== comm) continue;
    ticks += statTicks(stat.fields, true);
    found = true;
  }
  return found ? ticks / TICKS : null;
}

/** processCpuSeconds of the local PostgreSQL server */
export const postgresCpuSeconds = (): number | null => processCpuSeconds('postgres');

/** CPU seconds (utime + stime + reaped children's) of one process, null when it cannot be read */
export function pidCpuSeconds(pid: number | undefined): number | null {
  const stat = pid === undefined ? null : readProcStat(`/proc/${pid}/stat`);
  return stat ? statTicks(stat.fields, true) / TICKS : null;
}

/** CPU seconds (utime + stime) of each thread of a process, keyed `<comm>#<tid>` (`main` for the thread whose tid is the pid); {} when unreadable */
export function threadCpuSeconds(pid: number | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (pid === undefined) return out;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    // null: the thread ended meanwhile
    const stat = readProcStat(`/proc/${pid}/task/${tid}/stat`);
    if (stat) out[Number(tid) === pid ? 'main' : `${stat.comm}#${tid}`] = statTicks(stat.fields, false) / TICKS;
  }
  return out;
}

/**
 * Cores each thread used between two `threadCpuSeconds` readings of the same process over `seconds`,
 * threads of the same name summed (`main`, the workflow threads, the pool threads…), busiest first,
 * those under 0.01 core left out.
 */
export function threadCores(before: Record<string, number>, after: Record<string, number>, seconds: number): Record<string, number> {
  const byName = new Map<string, number>();
  for (const [key, s] of Object.entries(after)) {
    const name = key.replace(/#\d+$/, '');
    byName.set(name, (byName.get(name) ?? 0) + (s - (before[key] ?? 0)));
  }
  return Object.fromEntries(
    [...byName.entries()]
      .map(([k, s]) => [k, Math.round((s / seconds) * 100) / 100] as const)
      .filter(([, c]) => c >= 0.01)
      .sort((a, b) => b[1] - a[1]),
  );
}
