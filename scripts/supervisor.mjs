// Keeps the children of `npm start` running (scripts/start.mjs): a child that dies (the API,
// the worker, the Temporal dev server) is logged and started again after a backoff, while the
// others keep running; `stopAll()` (Ctrl-C) stops every child and no restart happens after it.
// The current pids are written to <dataDir>/supervisor.json (operators, crash tests).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** delays before the 1st, 2nd, … restart of a child that keeps dying */
export const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];
/** a child that ran this long before dying starts again from the first delay */
export const STABLE_MS = 60_000;

/**
 * @typedef {{ pid: number, exited: Promise<number|string|null>, stop(): Promise<void> }} Running
 * @param {{ dataDir: string, log: (msg: string) => void }} options
 */
export function createSupervisor({ dataDir, log }) {
  /** @type {Array<{ name: string, launch: () => Promise<Running>, current?: Running, failures: number, timer?: NodeJS.Timeout }>} */
  const children = [];
  let stopping = false;

  function writePids() {
    const pids = Object.fromEntries(children.filter((c) => c.current).map((c) => [c.name, c.current.pid]));
    try {
      writeFileSync(join(dataDir, 'supervisor.json'), JSON.stringify({ pid: process.pid, children: pids }, null, 2));
    } catch {
      /* informative only */
    }
  }

  function restartLater(child, how) {
    if (stopping) return;
    const delay = BACKOFF_MS[Math.min(child.failures, BACKOFF_MS.length - 1)];
    child.failures++;
    log(`${child.name} ${how}; restarting it in ${delay / 1000} s (restart #${child.failures}), the others keep running`);
    child.timer = setTimeout(() => {
      child.timer = undefined;
      void launch(child).catch(() => undefined);
    }, delay);
  }

  async function launch(child) {
    if (stopping) return;
    const startedAt = Date.now();
    let running;
    try {
      running = await child.launch();
    } catch (err) {
      restartLater(child, `failed to start (${err.message.split('\n')[0]})`);
      throw err;
    }
    if (stopping) {
      await running.stop();
      return;
    }
    child.current = running;
    writePids();
    if (child.failures > 0) log(`${child.name} is running again (pid ${running.pid})`);
    void running.exited.then((how) => {
      if (child.current === running) child.current = undefined;
      writePids();
      if (stopping) return;
      if (Date.now() - startedAt >= STABLE_MS) child.failures = 0;
      restartLater(child, `exited (${how})`);
    });
  }

  return {
    /** starts a supervised child; resolves once its first start succeeded (rejects if that start failed — it is retried anyway) */
    async start(name, launchFn) {
      const child = { name, launch: launchFn, failures: 0 };
      children.push(child);
      await launch(child);
    },
    /** stops every child, the last started first; no restart afterwards */
    async stopAll() {
      stopping = true;
      for (const c of children) if (c.timer) clearTimeout(c.timer);
      for (const c of [...children].reverse()) await c.current?.stop().catch(() => undefined);
      writePids();
    },
    get stopping() {
      return stopping;
    },
  };
}
