#!/usr/bin/env node
// The production Temporal server, built from its Go module and run the way the
// temporalio/server image runs it (docs/deploy.md, issue 14):
//
//   - `temporal-server` and `temporal-sql-tool` are built once per version with
//     `go install go.temporal.io/server/...@v<version>` from the Go module proxy and cached
//     OUTSIDE the clone (~/.cache/tthc-tools/temporal-server-<version>/, or
//     $TTHC_TOOLS_CACHE/temporal-server-<version>/), so every clone and every CI run on a
//     machine builds it once;
//   - `temporal-server start` reads its configuration from the environment through the
//     server's embedded config template — exactly what the image's entrypoint does — so the
//     production-mode tests start it with the `temporal` service's environment of
//     docker/compose.yml (test/harness/compose.ts) and only the addresses changed to loopback;
//   - the schema (docker/temporal/setup-schema.sh) and the namespace with our search attributes
//     (docker/temporal/setup-namespace.sh) are the scripts the compose file runs in the
//     temporalio/admin-tools image.
//
//   node scripts/temporal-server.mjs build     # build (or find) the binaries, print their paths
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned server; the compose file's temporalio/server and admin-tools images carry the same version. */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
/** go.temporal.io/server@v1.32.2 declares `go 1.26.10`: the go command fetches that toolchain from the module proxy. */
export const TEMPORAL_SERVER_GO_TOOLCHAIN = 'go1.26.10';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Directory of the cached binaries of the pinned version. */
export function temporalServerDir(env = process.env) {
  const cache = env.TTHC_TOOLS_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tthc-tools');
  return join(cache, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

function goCommand(env) {
  if (env.GO) return env.GO;
  const onPath = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' });
  if (onPath.status === 0) return onPath.stdout.trim();
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  return undefined;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One builder at a time per machine: a lock directory holding the builder's pid; a lock whose
 * builder is gone (killed mid-build) is taken over.
 */
async function withBuildLock(dir, fn) {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      if (owner && !pidAlive(owner)) rmSync(lock, { recursive: true, force: true });
      else await sleep(2000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function paths(dir) {
  return { server: join(dir, 'temporal-server'), sqlTool: join(dir, 'temporal-sql-tool'), dir };
}

/**
 * Paths of `temporal-server` and `temporal-sql-tool` of the pinned version, building them
 * first when the cache does not have them. `log` receives one line per stage.
 * @returns {Promise<{ server: string, sqlTool: string, dir: string, built: boolean, buildSeconds?: number }>}
 */
export async function ensureTemporalServer({ env = process.env, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (env.TEMPORAL_SERVER_PATH && env.TEMPORAL_SQL_TOOL_PATH) {
    return { server: env.TEMPORAL_SERVER_PATH, sqlTool: env.TEMPORAL_SQL_TOOL_PATH, dir: dirname(env.TEMPORAL_SERVER_PATH), built: false };
  }
  const dir = temporalServerDir(env);
  const done = join(dir, 'BUILT');
  if (existsSync(done)) return { ...paths(dir), built: false };
  return withBuildLock(dir, async () => {
    if (existsSync(done)) return { ...paths(dir), built: false };
    const go = goCommand(env);
    if (!go) throw new Error('the Go command is needed to build the Temporal server (go.temporal.io/server): install Go 1.21 or newer, or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH');
    const staging = `${dir}.building`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const started = Date.now();
    log(`[temporal-server] building go.temporal.io/server v${TEMPORAL_SERVER_VERSION} with ${TEMPORAL_SERVER_GO_TOOLCHAIN} into ${dir} (once per machine; several minutes on 2 cores)`);
    const args = ['install', '-trimpath', '-ldflags=-s -w', `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`, `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`];
    const child = spawn(go, args, {
      cwd: staging,
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...env, GOBIN: staging, GOTOOLCHAIN: TEMPORAL_SERVER_GO_TOOLCHAIN, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const code = await new Promise((res) => child.once('exit', (c, s) => res(s ?? c)));
    if (code !== 0) throw new Error(`go install of go.temporal.io/server v${TEMPORAL_SERVER_VERSION} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    renameSync(join(staging, 'server'), join(staging, 'temporal-server'));
    renameSync(join(staging, 'sql'), join(staging, 'temporal-sql-tool'));
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(join(staging, 'BUILT'), `go.temporal.io/server v${TEMPORAL_SERVER_VERSION} ${TEMPORAL_SERVER_GO_TOOLCHAIN} built in ${buildSeconds} s at ${new Date().toISOString()}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    log(`[temporal-server] built in ${buildSeconds} s`);
    return { ...paths(dir), built: true, buildSeconds };
  });
}

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
 * Runs a script of docker/temporal/ with `sh`, as the compose file runs it in the
 * temporalio/admin-tools image: `temporal-sql-tool` and `temporal` come from PATH.
 * @param {string} script  file name in docker/temporal/
 * @param {Record<string,string>} env  the service's environment (compose) + PATH
 */
export function runSetupScript(script, env, { timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [join(root, 'docker/temporal', script)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (chunk) => {
      out = (out + chunk.toString()).slice(-16_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`docker/temporal/${script} exited ${signal ?? code}:\n${out}`));
    });
  });
}

/**
 * Starts `temporal-server start` (frontend, history, matching and worker roles in one process)
 * with `env` — the `temporal` service environment of the compose file — and waits until the
 * frontend serves the `temporal-system` namespace.
 * @param {{ server: string, env: Record<string,string>, logFile?: string, readyTimeoutMs?: number }} options
 * @returns {Promise<{ address: string, pid: number, exited: Promise<number|string>, kill(signal?: string): Promise<void> }>}
 */
export async function startTemporalServer({ server, env, logFile, readyTimeoutMs = 180_000 }) {
  const { openSync } = await import('node:fs');
  const out = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(server, ['start'], { env, stdio: ['ignore', out, out] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const host = env.BIND_ON_IP || '127.0.0.1';
  const address = `${host}:${env.FRONTEND_GRPC_PORT || 7233}`;
  async function kill(signal = 'SIGKILL') {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  }
  const { Connection } = await import('@temporalio/client');
  const deadline = Date.now() + readyTimeoutMs;
  let lastError = 'no TCP';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`temporal-server exited early (${child.exitCode ?? child.signalCode})${logFile ? `; see ${logFile}` : ''}`);
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`temporal-server at ${address} not ready after ${readyTimeoutMs} ms: ${lastError}`);
    }
    if (await tcpOpen(host, Number(env.FRONTEND_GRPC_PORT || 7233))) {
      let connection;
      try {
        connection = await Connection.connect({ address, connectTimeout: 3000 });
        await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
        break;
      } catch (err) {
        lastError = err.message;
      } finally {
        await connection?.close().catch(() => undefined);
      }
    }
    await sleep(500);
  }
  return { address, pid: child.pid, exited, kill };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'build';
  if (cmd !== 'build') {
    console.error('usage: node scripts/temporal-server.mjs build');
    process.exit(2);
  }
  ensureTemporalServer().then(
    (r) => console.log(JSON.stringify(r)),
    (err) => {
      console.error(`[temporal-server] ${err.message}`);
      process.exit(1);
    },
  );
}
