#!/usr/bin/env node
// `npm start`: the whole product on its embedded defaults — Temporal dev server (state in
// .data/temporal.db), SQLite (.data/tthc.sqlite) or DATABASE_URL, the API (which runs the
// migrations, seeds the demo users and deploys processes/), the worker, and the built web
// app on http://localhost:3000. A child that dies is restarted with a backoff while the others
// keep running (scripts/supervisor.mjs; pids in <data dir>/supervisor.json). Ctrl-C stops every
// child; the next start resumes every running instance (Temporal keeps them, the inbox is in
// the database).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporalCliPath } from './tools.mjs';
import { startDevServer } from './dev-server.mjs';
import { createSupervisor } from './supervisor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const port = Number(env.TTHC_PORT ?? 3000);
const dataDir = resolve(root, env.TTHC_DATA_DIR ?? '.data');
const temporalPort = Number(env.TEMPORAL_PORT ?? 7233);
const temporalUiPort = Number(env.TEMPORAL_UI_PORT ?? 8233);
mkdirSync(dataDir, { recursive: true });

const log = (msg) => process.stdout.write(`[tthc] ${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const supervisor = createSupervisor({ dataDir, log });
let stopping = false;

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildWebIfStale() {
  const web = join(root, 'apps/web');
  const dist = join(web, 'dist/index.html');
  if (!existsSync(join(web, 'index.html'))) return;
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(web)) return;
  log('building the web app…');
  const r = spawnSync('npm', ['run', 'build', '--workspace', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web app build failed');
}

/** a node child (API, worker), supervised: restarted with a backoff when it dies */
function startChild(name, script, extraEnv) {
  return supervisor.start(name, async () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
      cwd: root,
      env: { ...env, SWCRC: 'true', ...extraEnv },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise((res) => child.once('exit', (code, signal) => res(signal ?? code)));
    await new Promise((res, rej) => {
      child.once('spawn', res);
      child.once('error', rej);
    });
    return {
      pid: child.pid,
      exited,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(t);
      },
    };
  });
}

async function waitForHealth(timeoutMs = 120_000) {
  const url = `http://127.0.0.1:${port}/api/v1/health`;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`API did not become healthy at ${url}`);
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await supervisor.stopAll();
  log('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main() {
  buildWebIfStale();
  let temporalAddress = env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    temporalCliPath();
    log(`starting the Temporal dev server on :${temporalPort} (state in ${join(dataDir, 'temporal.db')})`);
    let devServer;
    // supervised too: a restart keeps the port and the state file, the API and the worker reconnect
    await supervisor.start('temporal', async () => {
      devServer = await startDevServer({
        port: temporalPort,
        uiPort: env.TEMPORAL_UI === '0' ? undefined : temporalUiPort,
        dbFile: join(dataDir, 'temporal.db'),
        headless: env.TEMPORAL_UI === '0',
        // it shares the machine with the API and the worker
        maxProcs: 'shared',
      });
      return { pid: devServer.pid, exited: devServer.exited, stop: () => devServer.stop() };
    });
    temporalAddress = devServer.address;
  }
  const common = {
    TEMPORAL_ADDRESS: temporalAddress,
    TTHC_DATA_DIR: dataDir,
    ...(env.DATABASE_URL ? {} : { TTHC_SQLITE_PATH: env.TTHC_SQLITE_PATH ?? join(dataDir, 'tthc.sqlite') }),
  };
  await startChild('api', 'apps/api/src/main.ts', {
    ...common,
    TTHC_PORT: String(port),
    TTHC_WEB_DIST: env.TTHC_WEB_DIST ?? join(root, 'apps/web/dist'),
    TTHC_SEED_DEMO: env.TTHC_SEED_DEMO ?? '1',
    TTHC_PROCESSES_DIR: env.TTHC_PROCESSES_DIR ?? join(root, 'processes'),
  });
  // a loaded machine (CI, many test stacks) may need longer than the default two minutes
  await waitForHealth(Number(env.TTHC_HEALTH_TIMEOUT_MS ?? 120_000));
  await startChild('worker', 'apps/worker/src/main.ts', common);
  log(`TTHC Flow is running: http://localhost:${port}`);
  if (!env.TEMPORAL_ADDRESS && env.TEMPORAL_UI !== '0') log(`Temporal UI: http://localhost:${temporalUiPort}`);
  log('demo logins (password Demo@123): admin, analyst, officer (STP), officer2 (SXD), auditor');
  log('press Ctrl-C to stop');
}

main().catch((err) => {
  log(`failed to start: ${err.message}`);
  void stop(1);
});
