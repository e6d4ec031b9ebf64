import { readdirSync, readFileSync } from 'node:fs';

/** clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux) */
const TICKS = 100;

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
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== comm) continue;
      const fields = stat.slice(close + 2).split(' ');
      // fields after "(comm)": state is [0], utime [11], stime [12], cutime [13], cstime [14]
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? ticks / TICKS : null;
}

/** processCpuSeconds of the local PostgreSQL server */
export const postgresCpuSeconds = (): number | null => processCpuSeconds('postgres');

/** CPU seconds (utime + stime + reaped children's) of one process, null when it cannot be read */
export function pidCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS;
  } catch {
    return null;
  }
}
