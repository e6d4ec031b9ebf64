import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Exclusive use of a port across processes (Jest runs test files in parallel workers;
 * benchmarks and the history recorder use the same dev-server port). mkdir is atomic;
 * the owner's pid is stored so a lock left by a killed process is taken over.
 * Written by hand: a few lines, no lock library needed for one directory.
 */
export async function acquirePortLock(port: number, timeoutMs = 600_000): Promise<() => void> {
  const dir = join(tmpdir(), `tthc-port-${port}.lock`);
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (ownerIsGone(dir)) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > until) throw new Error(`port ${port} stayed locked by another process (${dir})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function ownerIsGone(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  } catch {
    return false; // being created right now
  }
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
