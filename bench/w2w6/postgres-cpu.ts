import { readdirSync, readFileSync } from 'node:fs';

/** clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux) */
const TICKS = 100;

/**
 * CPU seconds used so far by the local PostgreSQL server's processes (the backends serving the
 * API and the baseline included): the sum of utime + stime over processes named `postgres`,
 * plus their reaped children's (cutime + cstime: a backend that exited counts in the postmaster's).
 * Linux only (null elsewhere). The difference over a run says how much of the 2 cores the
 * database took — on a shared machine other sessions' statements count too.
 */
export function postgresCpuSeconds(): number | null {
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
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
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
