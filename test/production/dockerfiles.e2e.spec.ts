/**
 * Issue 14, "the api and worker Dockerfile steps succeed when run natively": docker/api.Dockerfile
 * and docker/worker.Dockerfile are built without a Docker engine (harness/dockerfile-native.ts:
 * every COPY and RUN of every stage, in order — `npm ci`, the web build, `npm ci --omit=dev` —
 * from the build context `docker build .` would send), then each image's directory is started
 * with the image's CMD and ENV: the API serves its health, the web app and a login; the worker
 * polls the task queue and runs a dossier submitted through the API up to its first inbox task.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { startDevServer, type DevServer } from '../../scripts/dev-server.mjs';
import { freePort, repoRoot } from '../harness/stack';
import { buildDockerfileNatively, parseDockerfile, type NativeBuild } from './harness/dockerfile-native';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`[dockerfiles] ${new Date().toISOString().slice(11, 19)} ${line}\n`);
const artifacts = join(repoRoot, 'test-artifacts');

let work: string;
let api: NativeBuild;
let worker: NativeBuild;
let temporal: DevServer | undefined;
const children: ChildProcess[] = [];

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** the image's CMD in its directory, with its ENV plus what compose would give the container */
function startImage(image: NativeBuild, name: string, env: Record<string, string>): { output: () => string } {
  const argv = image.cmd[0] === 'node' ? [process.execPath, ...image.cmd.slice(1)] : image.cmd;
  const file = join(artifacts, `dockerfiles-${name}.log`);
  rmSync(file, { force: true });
  const out = createWriteStream(file);
  const child = spawn(argv[0], argv.slice(1), {
    cwd: image.dir,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...image.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  children.push(child);
  return { output: () => (existsSync(file) ? readFileSync(file, 'utf8') : '') };
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'tthc-dockerfiles-'));
  const cache = new Map<string, string>();
  api = buildDockerfileNatively({ dockerfile: join(repoRoot, 'docker/api.Dockerfile'), context: repoRoot, workDir: work, cache, log });
  worker = buildDockerfileNatively({ dockerfile: join(repoRoot, 'docker/worker.Dockerfile'), context: repoRoot, workDir: work, cache, log });
  for (const s of [...api.steps, ...worker.steps]) log(s);
}, 3_600_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  await temporal?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, 120_000);

describe('docker/api.Dockerfile and docker/worker.Dockerfile built natively', () => {
  it('ran every RUN and COPY of every stage: npm ci, the web build, npm ci --omit=dev', () => {
    const runs = (text: string) =>
      parseDockerfile(text)
        .flatMap((s) => s.instructions)
        .filter((i) => i.op === 'RUN' && !/apt-get/.test(i.args))
        .map((i) => i.args);
    const apiRuns = runs(readFileSync(join(repoRoot, 'docker/api.Dockerfile'), 'utf8'));
    expect(apiRuns).toEqual(['npm ci --no-audit --no-fund', 'npm run build --workspace apps/web', 'npm ci --omit=dev --no-audit --no-fund']);
    for (const r of apiRuns) expect(api.steps.some((s) => s.includes(`RUN ${r} (`))).toBe(true);
    // the worker's deps stage is the api's (same instructions): built once, like Docker's layer cache
    expect(runs(readFileSync(join(repoRoot, 'docker/worker.Dockerfile'), 'utf8'))).toEqual(['npm ci --omit=dev --no-audit --no-fund']);
    // the images hold what they need and not the development tools
    for (const image of [api, worker]) {
      expect(existsSync(join(image.dir, 'node_modules/@swc-node/register'))).toBe(true);
      expect(existsSync(join(image.dir, 'node_modules/jest'))).toBe(false);
      expect(existsSync(join(image.dir, 'apps/worker/src/main.ts'))).toBe(true);
      expect(existsSync(join(image.dir, '.git'))).toBe(false);
    }
    expect(readFileSync(join(api.dir, 'apps/web/dist/index.html'), 'utf8')).toMatch(/<div id="root">/);
    expect(api.env).toMatchObject({ NODE_ENV: 'production', TTHC_WEB_DIST: '/app/apps/web/dist' });
  });

  it('the images start with their CMD and ENV: the API serves health, the web app and logins; the worker runs a dossier to its first task', async () => {
    temporal = await startDevServer({ port: await freePort() });
    const data = join(work, 'data');
    mkdirSync(data, { recursive: true });
    const common = {
      TEMPORAL_ADDRESS: temporal.address,
      TTHC_SQLITE_PATH: join(data, 'tthc.sqlite'),
      TTHC_DATA_DIR: data,
      TTHC_AUDIT_KEY: randomBytes(32).toString('base64url'),
    };
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const apiProc = startImage(api, 'api', {
      ...common,
      TTHC_PORT: String(port),
      TTHC_HOST: '127.0.0.1',
      TTHC_JWT_SECRET: randomBytes(32).toString('base64url'),
      TTHC_SEED_DEMO: '1',
      TTHC_PROCESSES_DIR: join(api.dir, 'processes'),
      // the image's /app is this directory
      TTHC_WEB_DIST: join(api.dir, 'apps/web/dist'),
    });
    await until(`the api image healthy at ${url} (log: test-artifacts/dockerfiles-api.log)`, async () => (await fetch(`${url}/api/v1/health`)).ok);
    expect(apiProc.output()).toMatch(/chung-thuc-ban-sao@1/);
    const home = await fetch(`${url}/`);
    expect({ status: home.status, html: /<div id="root">/.test(await home.text()) }).toEqual({ status: 200, html: true });
    const login = async (username: string) => {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo@123' }) });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const portal = await login('portal');
    const officer = await login('officer');

    const workerProc = startImage(worker, 'worker', common);
    await until('the worker image polling (log: test-artifacts/dockerfiles-worker.log)', async () => /\[worker\] polling /.test(workerProc.output()));
    const submitted = await fetch(`${url}/api/v1/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${portal}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        procedureCode: '2.000815',
        channel: 2,
        applicant: { type: 1, name: 'Nguyễn Văn Ảnh', idNumber: '033190012345', address: 'Phường Hiến Nam, Hưng Yên', phone: '0987654321' },
        summary: 'Chứng thực bản sao (ảnh Docker dựng tại chỗ)',
      }),
    });
    const dossier = (await submitted.json()) as { id: string };
    expect(submitted.status).toBe(201);
    const view = await until('the dossier readable', async () => {
      const res = await fetch(`${url}/api/v1/dossiers/${dossier.id}`, { headers: { authorization: `Bearer ${officer}` } });
      return res.ok && ((await res.json()) as { instanceId: string });
    });
    // the worker ran the workflow: the receive task is in the officer's inbox
    const task = await until('the receive task in the inbox', async () => {
      const res = await fetch(`${url}/api/v1/tasks?instanceId=${view.instanceId}&state=OPEN`, { headers: { authorization: `Bearer ${officer}` } });
      return res.ok && ((await res.json()) as { items: Array<{ elementId: string }> }).items.find((t) => t.elementId === 'Task_TiepNhan');
    });
    expect(task.elementId).toBe('Task_TiepNhan');
  });
});
