/**
 * Issue 14, "the api and worker Dockerfile steps succeed when run natively": docker/api.Dockerfile
 * and docker/worker.Dockerfile are built without a Docker engine (harness/dockerfile-native.ts:
 * every COPY and RUN of every stage, in order — `npm ci`, the web build, `npm ci --omit=dev` —
 * from the build context `docker build .` would send), then each image's directory is started
 * with the image's CMD and ENV: the API serves its health, the web app and a login; the worker
 * polls the task queue and runs a dossier submitted through the API up to its first inbox task.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { startDevServer, type DevServer } from '../../scripts/dev-server.mjs';
import { freePort, repoRoot } from '../harness/stack';
import { dossierToFirstTask, startSingleNode, type SingleNodeApps } from './harness/app-image';
import { buildDockerfileNatively, newLayerCache, parseDockerfile, type NativeBuild } from './harness/dockerfile-native';
import { artifacts } from './harness/service-process';

const log = (line: string) => process.stdout.write(`[dockerfiles] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

let work: string;
let api: NativeBuild;
let worker: NativeBuild;
let temporal: DevServer | undefined;
let apps: SingleNodeApps | undefined;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'tthc-dockerfiles-'));
  // both builds at once on one builder, as `docker compose build` does: independent stages side by side,
  // the worker's deps stage is the api's (same instructions)
  const cache = newLayerCache();
  const build = (service: string) => buildDockerfileNatively({ dockerfile: join(repoRoot, `docker/${service}.Dockerfile`), context: repoRoot, workDir: work, cache, log });
  [api, worker] = await Promise.all([build('api'), build('worker')]);
  for (const s of [...api.steps, ...worker.steps]) log(s);
}, 3_600_000);

afterAll(async () => {
  await apps?.stop();
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
    apps = await startSingleNode({ api, worker, dataDir: join(work, 'data'), temporalEnv: { TEMPORAL_ADDRESS: temporal.address }, logPrefix: 'dockerfiles' });
    // the API image deployed the shipped processes and serves the web app it built
    expect(apps.api.output()).toMatch(/chung-thuc-ban-sao@1/);
    const home = await fetch(`${apps.url}/`);
    expect({ status: home.status, html: /<div id="root">/.test(await home.text()) }).toEqual({ status: 200, html: true });
    // logins, a submission, and the worker image ran the workflow: the receive task is in the officer's inbox
    const task = await dossierToFirstTask(apps.url, { type: 1, name: 'Nguyễn Văn Ảnh', idNumber: '033190012345', address: 'Phường Hiến Nam, Hưng Yên', phone: '0987654321' }, 'Chứng thực bản sao (ảnh Docker dựng tại chỗ)');
    expect(task.elementId).toBe('Task_TiepNhan');
  });
});
