// Starts the Temporal CLI dev server as a child process (architecture.md §2) and waits
// until its frontend answers. Used by `npm start`, tests and benchmarks:
//
//   import { startDevServer } from '../scripts/dev-server.mjs';
//   const server = await startDevServer({ port: 17233, dbFile: '.data/temporal.db' });
//   ... server.address ...
//   await server.stop();
//
// Run directly for a manual server: `node scripts/dev-server.mjs [--port 17233] [--ui-port 18233] [--db FILE]`.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { temporalCliPath } from './tools.mjs';

/** Search attributes the product registers (keyword lookups from the API / UI). */
// TthcDossierCode: the dossier code, set by the step guard at receipt (find a dossier by code in the Temporal UI)
export const SEARCH_ATTRIBUTES = { processKey: 'Keyword', businessKey: 'Keyword', definitionId: 'Keyword', TthcDossierCode: 'Keyword' };

/**
 * Pragmas of the dev server's state file (the two the CLI accepts). WAL: readers do not wait for the writer
 * (performance.md). synchronous=NORMAL: with WAL a commit no longer waits for an fsync (checkpoints still do); the file
 * stays consistent and keeps every commit when a process crashes or is killed; only if the machine itself goes down
 * can the last commits be lost, and then Temporal's state is behind, never ahead: it runs those steps again, and the
 * worker's activities are written to be re-run. The product database keeps synchronous=FULL, so it is never the one
 * behind. Measured in W1: 357 fsyncs in 6 s → 42.
 */
export const SQLITE_PRAGMAS = ['journal_mode=WAL', 'synchronous=NORMAL'];

/**
 * GOMAXPROCS for a dev server that shares its machine with the worker and the API (`npm start`, the W1/W3/W5
 * benches): the caller's GOMAXPROCS if set, else half the cores. With one Go scheduler slot per core, Go threads
 * spin looking for work and take CPU from Node's threads. W1 (profile-w1, 8 A/B pairs under load 4–10, 2 cores): the
 * server's CPU per run ≈ 18 → ≈ 16 ms at 1 (noisy: better in 6 pairs of 8). Tests keep Go's default.
 */
export function sharedMachineMaxProcs(env = process.env) {
  return env.GOMAXPROCS || String(Math.max(1, Math.floor(availableParallelism() / 2)));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tcpOpen(host, port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Waits until the frontend serves the namespace: TCP first (cheap), then a real
 * DescribeNamespace through @temporalio/client, which fails until the server has
 * finished creating its namespaces.
 */
async function waitReady(address, namespace, child, timeoutMs) {
  const [host, portText] = address.split(':');
  const deadline = Date.now() + timeoutMs;
  // loaded lazily so that importing this module stays cheap for callers that never start a server
  const { Connection } = await import('@temporalio/client');
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited early with code ${child.exitCode}`);
    if (await tcpOpen(host, Number(portText))) {
      let connection;
      try {
        connection = await Connection.connect({ address, connectTimeout: 2000 });
        await connection.workflowService.describeNamespace({ namespace });
        // a server that answered while ours exited is someone else's on the same port
        if (child.exitCode !== null) continue; // the check above reports it
        return;
      } catch (err) {
        lastError = err;
      } finally {
        await connection?.close().catch(() => undefined);
      }
    }
    await sleep(150);
  }
  throw new Error(`temporal dev server at ${address} not ready after ${timeoutMs} ms: ${lastError?.message ?? 'no TCP'}`);
}

/**
 * @param {{ port?: number, uiPort?: number, dbFile?: string, namespace?: string, headless?: boolean,
 *           ip?: string, logLevel?: string, searchAttributes?: Record<string,string>, readyTimeoutMs?: number,
 *           stdio?: 'inherit'|'ignore'|'pipe', extraArgs?: string[], maxProcs?: number|'shared' }} [options]
 *   `maxProcs`: GOMAXPROCS of the server ('shared': sharedMachineMaxProcs(); default Go's, one per core).
 * @returns {Promise<{ address: string, namespace: string, pid: number, stop(timeoutMs?: number): Promise<void>, exited: Promise<number|string> }>}
 *   `exited` resolves (exit code or signal name) when the server process ends, for whatever reason.
 */
export async function startDevServer(options = {}) {
  const port = options.port ?? 7233;
  const ip = options.ip ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const headless = options.headless ?? options.uiPort === undefined;
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', options.logLevel ?? 'error'];
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile, ...SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p]));
  }
  if (namespace !== 'default') args.push('--namespace', namespace);
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort ?? port + 1000));
  for (const [key, type] of Object.entries(options.searchAttributes ?? SEARCH_ATTRIBUTES)) {
    args.push('--search-attribute', `${key}=${type}`);
  }
  args.push(...(options.extraArgs ?? []));

  // stderr is kept (last 8 KB) rather than inherited: the server logs harmless errors while shutting down
  const child = spawn(temporalCliPath(), args, {
    stdio: ['ignore', options.stdio ?? 'ignore', options.stdio ?? 'pipe'],
    env: options.maxProcs ? { ...process.env, GOMAXPROCS: options.maxProcs === 'shared' ? sharedMachineMaxProcs() : String(options.maxProcs) } : process.env,
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-8192);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const address = `${ip}:${port}`;

  async function stop(timeoutMs = 10_000) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  try {
    await waitReady(address, namespace, child, options.readyTimeoutMs ?? 60_000);
  } catch (err) {
    await stop(2000);
    err.message += stderrTail ? `\n--- temporal stderr ---\n${stderrTail}` : '';
    throw err;
  }
  return { address, namespace, pid: child.pid, stop, exited };
}

// no top-level await: the module must stay loadable with require() (Node ≥ 20.19 require(esm))
async function cli() {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const server = await startDevServer({
    port: Number(arg('--port') ?? 7233),
    uiPort: arg('--ui-port') ? Number(arg('--ui-port')) : undefined,
    dbFile: arg('--db'),
    namespace: arg('--namespace'),
  });
  console.log(`temporal dev server ready at ${server.address} (pid ${server.pid})`);
  const shutdown = () => server.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  cli().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
