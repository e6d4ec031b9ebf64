/**
 * The api and worker images, run natively: an image is a directory standing for its `/app`
 * (the repository itself, or a directory built from the Dockerfile by dockerfile-native.ts),
 * the Dockerfile's `CMD` and the `ENV` of its final stage. A process of an image gets the
 * environment a container would — the image's ENV, then what compose (or the test) gives
 * it — with container paths (`/app`, `/data`, bind mounts) and service host names mapped to
 * their host directories and loopback addresses.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApi } from '../../harness/api-client';
import { dockerfileEnv } from '../../harness/compose';
import { openTask, submitDossier, type Applicant } from '../../harness/dossier-driver';
import { freePort, repoRoot } from '../../harness/stack';
import { ServiceProcess } from './service-process';

export interface AppImage {
  /** the directory standing for the image's /app */
  dir: string;
  cmd: string[];
  env: Record<string, string>;
}

export type AppService = 'api' | 'worker';

export const dockerfileOf = (service: AppService) => join(repoRoot, 'docker', `${service}.Dockerfile`);

/** `CMD [...]` of a Dockerfile (the last one) */
export function dockerfileCmd(dockerfile: string): string[] {
  const line = readFileSync(dockerfile, 'utf8')
    .split('\n')
    .filter((l) => /^CMD\s/.test(l))
    .pop();
  if (!line) throw new Error(`${dockerfile} has no CMD`);
  return JSON.parse(line.replace(/^CMD\s+/, '')) as string[];
}

/** the image as the repository checkout stands for it (its /app is the repository: no build) */
export function sourceImage(service: AppService): AppImage {
  const dockerfile = dockerfileOf(service);
  return { dir: repoRoot, cmd: dockerfileCmd(dockerfile), env: dockerfileEnv(dockerfile) };
}

/** The process env a container starts with besides its declared environment. */
export function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]));
}

/** Rewrites container addresses (`host:port` → loopback) and paths (prefix → host directory) in every value. */
export function mapEnv(env: Record<string, string>, hosts: Record<string, string>, paths: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    let value = v;
    for (const [from, to] of Object.entries(hosts)) value = value.split(from).join(to);
    for (const [from, to] of Object.entries(paths)) if (value === from || value.startsWith(`${from}/`)) value = to + value.slice(from.length);
    out[k] = value;
  }
  return out;
}

export interface ImageProcessOptions {
  /** service host names → loopback addresses */
  hosts?: Record<string, string>;
  /** container paths besides /app (e.g. /data) → host directories */
  paths?: Record<string, string>;
  /** compose's `restart: unless-stopped` (default true) */
  restart?: boolean;
  logPrefix?: string;
}

/** A process of the image: its CMD (`node` is this Node) in its directory, with its ENV plus `env`. */
export function imageProcess(image: AppImage, name: string, env: Record<string, string>, options: ImageProcessOptions = {}): ServiceProcess {
  const argv = image.cmd[0] === 'node' ? [process.execPath, ...image.cmd.slice(1)] : image.cmd;
  const mapped = mapEnv({ ...image.env, ...env }, options.hosts ?? {}, { '/app': image.dir, ...options.paths });
  return new ServiceProcess(name, argv, { ...baseEnv(), ...mapped }, { cwd: image.dir, restart: options.restart, logPrefix: options.logPrefix });
}

export interface SingleNodeApps {
  url: string;
  api: ServiceProcess;
  worker: ServiceProcess;
  /** start another API process of the same image on the same data (e.g. with a different Temporal environment) */
  startApi(name: string, env: Record<string, string>): Promise<{ url: string; api: ServiceProcess }>;
  stop(): Promise<void>;
}

export interface SingleNodeOptions {
  api: AppImage;
  worker: AppImage;
  /** where /data is (SQLite database, stored files) */
  dataDir: string;
  /** how both reach Temporal (TEMPORAL_ADDRESS, TLS…) */
  temporalEnv: Record<string, string>;
  logPrefix: string;
}

/**
 * One API and one worker of the images on SQLite in `dataDir` with the demo accounts, started as
 * in production (no restart policy: an exit fails the wait): the API healthy (database and
 * Temporal answer), then the worker polling.
 */
export async function startSingleNode(options: SingleNodeOptions): Promise<SingleNodeApps> {
  const procs: ServiceProcess[] = [];
  const common = { TTHC_DATA_DIR: '/data', TTHC_SQLITE_PATH: '/data/tthc.sqlite', TTHC_AUDIT_KEY: randomBytes(32).toString('base64url') };
  const opts = { paths: { '/data': options.dataDir }, restart: false, logPrefix: options.logPrefix };
  const startApi = async (name: string, env: Record<string, string>) => {
    const port = await freePort();
    const api = imageProcess(options.api, name, { ...common, TTHC_PORT: String(port), TTHC_HOST: '127.0.0.1', TTHC_JWT_SECRET: randomBytes(32).toString('base64url'), ...env }, opts);
    procs.push(api.start());
    return { url: `http://127.0.0.1:${port}`, api };
  };
  const stop = () => Promise.all(procs.map((p) => p.stop())).then(() => undefined);
  try {
    const { url, api } = await startApi('api', { ...options.temporalEnv, TTHC_SEED_DEMO: '1', TTHC_PROCESSES_DIR: '/app/processes' });
    await api.waitHealthy(url);
    const worker = imageProcess(options.worker, 'worker', { ...common, ...options.temporalEnv }, opts);
    procs.push(worker.start());
    await worker.waitPolling();
    return { url, api, worker, startApi, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * What shows that an API and a worker run a dossier: the portal submits an online dossier of
 * chứng thực bản sao (2.000815) and the worker creates its receive task in the officer's inbox.
 */
export async function dossierToFirstTask(url: string, applicant: Applicant, summary: string): Promise<{ elementId: string }> {
  const [portal, officer] = [await new TestApi(url).login('portal'), await new TestApi(url).login('officer')];
  const dossier = await submitDossier(portal, officer, '2.000815', applicant, summary);
  // bounded for a loaded machine (the worker's first workflow task in this process)
  return openTask(officer, dossier.instanceId, 'Task_TiepNhan', 300_000);
}
