/**
 * Starts the real product the way a user does — `node scripts/start.mjs` (Temporal dev
 * server, API, worker, web app) — in its own process group, on private ports and a private
 * data directory, against PostgreSQL when DATABASE_URL is set (a fresh database per stack)
 * or SQLite otherwise.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

export const repoRoot = join(__dirname, '..', '..');

export interface StackOptions {
  /** base port: API on base, Temporal on base + 1; omitted: two free ports (no collision with other runs) */
  basePort?: number;
  dataDir?: string;
  databaseUrl?: string;
  name: string;
}

export interface Stack {
  url: string;
  dataDir: string;
  databaseUrl?: string;
  options: StackOptions;
  /** Ctrl-C: graceful stop */
  stop(): Promise<void>;
  /** SIGKILL of the whole process group (start script, Temporal, API, worker) */
  kill(): Promise<void>;
  /** pid of a supervised child ('api' | 'worker' | 'temporal') as the start script reports it, if running */
  childPid(name: string): number | undefined;
  /** the start script (supervisor) process: its exit code once it ended */
  exitCode(): number | null;
}

/** a fresh PostgreSQL database on the server of DATABASE_URL, or undefined (SQLite) */
export async function freshDatabase(name: string): Promise<string | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const url = new URL(base);
  const db = `${url.pathname.slice(1) || 'tthc'}_${name}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${db}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${db}`;
  return url.toString();
}

/** the last lines of a stack's log: a failed start names its cause in the test output (CI shows nothing else) */
function logTail(logFile: string, lines = 40): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function startFailed(child: ChildProcess, logFile: string): Error {
  return new Error(`start script exited with ${child.exitCode}; last lines of ${logFile}:\n${logTail(logFile)}`);
}

async function waitHealthy(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw startFailed(child, logFile);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) {
        const body = (await res.json()) as { status?: string };
        if (!body.status || body.status === 'ok' || body.status === 'up') return;
      }
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`stack not healthy at ${url} within ${timeoutMs} ms; last lines of ${logFile}:\n${logTail(logFile)}`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((res) => child.once('exit', () => res()));
}

/** A loopback port nothing listens on right now (bind port 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a stack; when the first start fails on private ports (a port taken between choosing and
 * binding it, a machine too loaded), the failure and the log's last lines are printed and the
 * stack starts once more on new ports — fixed ports or a given data directory get no second try.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  try {
    return await launchStack(options);
  } catch (err) {
    if (options.basePort !== undefined || options.dataDir) throw err;
    console.error(`[stack ${options.name}] the first start failed; starting again on new ports.\n${(err as Error).message}`);
    return launchStack(options);
  }
}

async function launchStack(options: StackOptions): Promise<Stack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `tthc-${options.name}-`));
  const apiPort = options.basePort ?? (await freePort());
  let temporalPort = options.basePort !== undefined ? options.basePort + 1 : await freePort();
  while (temporalPort === apiPort) temporalPort = await freePort();
  const url = `http://127.0.0.1:${apiPort}`;
  const logFile = join(repoRoot, 'test-artifacts', `${options.name}-stack.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TTHC_PORT: String(apiPort),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI: '0',
      TTHC_HEALTH_TIMEOUT_MS: '140000',
      TTHC_DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      TEMPORAL_ADDRESS: '',
    },
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  try {
    await waitHealthy(url, child, logFile, 150_000);
    // the worker starts after the API is healthy; give it the time to poll
    await waitWorkerUp(url, child, logFile);
  } catch (err) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await exited(child);
    throw err;
  }
  return {
    url,
    dataDir,
    databaseUrl: options.databaseUrl,
    options,
    async stop() {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
      await exited(child);
    },
    childPid(name: string) {
      try {
        return (JSON.parse(readFileSync(join(dataDir, 'supervisor.json'), 'utf8')) as { children: Record<string, number> }).children[name];
      } catch {
        return undefined;
      }
    },
    exitCode() {
      return child.exitCode;
    },
    async kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await exited(child);
      // the group is gone once the leader has been reaped and its children are killed with it
      await new Promise((r) => setTimeout(r, 500));
    },
  };
}

async function waitWorkerUp(url: string, child: ChildProcess, logFile: string): Promise<void> {
  // The health endpoint reports the worker's pollers when it can; otherwise wait briefly.
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw startFailed(child, logFile);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      const body = (await res.json()) as { worker?: { status?: string } };
      if (!body.worker || body.worker.status === 'up') return;
    } catch {
      /* retry */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`worker did not come up; last lines of ${logFile}:\n${logTail(logFile)}`);
}
