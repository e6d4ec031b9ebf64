/**
 * The production topology of docker/compose.yml, run natively on loopback: our own PostgreSQL
 * server, the Temporal server built from its Go module (scripts/temporal-server.mjs) with its
 * schema and namespace set up by the compose file's scripts, then API ×N and worker ×N.
 *
 * Every process gets the environment the compose file gives its container (read with
 * test/harness/compose.ts, plus the `ENV` of the image's Dockerfile and its `CMD`); only what
 * differs between a container network and one machine changes: service host names become
 * 127.0.0.1, ports become free ones, the container paths (/app, /data, bind mounts) become
 * their host directories. Like compose's `restart: unless-stopped`, a process that exits is
 * started again after a short backoff, so a `kill -9` is followed by a restart as in a real
 * deployment; PostgreSQL and Temporal are restarted by the test when it ends their outage.
 */
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { ensureTemporalServer, runSetupScript, startTemporalServer, type RunningTemporalServer } from '../../../scripts/temporal-server.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { temporalCliPath } from '../../../scripts/tools.mjs';
import { bindMounts, loadCompose, serviceEnvironment, type ComposeProject } from '../../harness/compose';
import { freePort } from '../../harness/stack';
import { baseEnv, imageProcess, mapEnv, sourceImage, type AppService } from './app-image';
import { PostgresServer } from './postgres-server';
import { artifacts, type ServiceProcess } from './service-process';

/** What an operator exports before `docker compose up` (secrets and knobs the compose file interpolates). */
export interface OperatorEnv {
  POSTGRES_PASSWORD: string;
  TTHC_JWT_SECRET: string;
  TTHC_AUDIT_KEY: string;
  [key: string]: string;
}

/**
 * A free loopback port below 32768: Temporal records each role's membership port in a
 * PostgreSQL smallint column (cluster_membership.rpc_port), so ephemeral ports do not fit.
 */
function freeLowPort(taken: number[]): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  return (async () => {
    for (;;) {
      const port = 20000 + Math.floor(Math.random() * 12000);
      if (!taken.includes(port) && (await tryPort(port))) return port;
    }
  })();
}

export interface ProductionStack {
  compose: ComposeProject;
  postgres: PostgresServer;
  /** the running Temporal server; replaced by `restartTemporal()` */
  temporal: RunningTemporalServer;
  temporalAddress: string;
  temporalEnv: Record<string, string>;
  apis: ServiceProcess[];
  workers: ServiceProcess[];
  urls: string[];
  dataDir: string;
  /** the TTHC database, as the apps reach it (for the suite's direct checks) */
  databaseUrl: string;
  killTemporal(): Promise<number>;
  restartTemporal(): Promise<void>;
  stop(): Promise<void>;
}

export interface ProductionStackOptions {
  operatorEnv: OperatorEnv;
  apiReplicas?: number;
  workerReplicas?: number;
  log?: (line: string) => void;
  /** log files: test-artifacts/<logPrefix>-<process>.log (default `production`) */
  logPrefix?: string;
}

/** Starts the stack; whatever was started is stopped again when a later part fails to start. */
export async function startProductionStack(options: ProductionStackOptions): Promise<ProductionStack> {
  const started: Array<() => Promise<void>> = [];
  try {
    return await launch(options, started);
  } catch (err) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}

async function launch(options: ProductionStackOptions, started: Array<() => Promise<void>>): Promise<ProductionStack> {
  const log = options.log ?? (() => undefined);
  const prefix = options.logPrefix ?? 'production';
  mkdirSync(artifacts, { recursive: true });
  const compose = loadCompose(options.operatorEnv);
  const binaries = await ensureTemporalServer({ log });

  // postgres: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB as the image reads them
  const pgEnv = serviceEnvironment(compose, 'postgres');
  const postgres = new PostgresServer({
    port: await freePort(),
    user: pgEnv.POSTGRES_USER,
    password: pgEnv.POSTGRES_PASSWORD,
    database: pgEnv.POSTGRES_DB,
    logFile: join(artifacts, `${prefix}-postgres.log`),
  });
  started.push(() => postgres.stop());
  await postgres.init();
  log(`postgres on 127.0.0.1:${postgres.options.port} (${postgres.dataDir})`);

  const ports: Record<string, number> = {};
  for (const k of ['FRONTEND_GRPC_PORT', 'FRONTEND_HTTP_PORT', 'FRONTEND_MEMBERSHIP_PORT', 'HISTORY_GRPC_PORT', 'HISTORY_MEMBERSHIP_PORT', 'MATCHING_GRPC_PORT', 'MATCHING_MEMBERSHIP_PORT', 'WORKER_GRPC_PORT', 'WORKER_MEMBERSHIP_PORT']) {
    ports[k] = await freeLowPort([...Object.values(ports), postgres.options.port]);
  }
  const temporalAddress = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
  const hosts = { 'postgres:5432': `127.0.0.1:${postgres.options.port}`, 'temporal:7233': temporalAddress };
  const path = (...dirs: string[]) => [...dirs, process.env.PATH].join(':');

  // temporal-schema: the compose one-shot's script, with temporal-sql-tool on PATH
  const schemaEnv = {
    ...baseEnv(),
    ...mapEnv(serviceEnvironment(compose, 'temporal-schema'), hosts, {}),
    POSTGRES_SEEDS: '127.0.0.1',
    DB_PORT: String(postgres.options.port),
    PATH: path(dirname(binaries.sqlTool)),
  };
  await runSetupScript('setup-schema.sh', schemaEnv);
  log('temporal schema set up');

  // temporal: `temporal-server start` with the service's environment (as the image's entrypoint does)
  const temporalEnv = {
    ...baseEnv(),
    ...mapEnv(serviceEnvironment(compose, 'temporal'), hosts, bindMounts(compose, 'temporal')),
    POSTGRES_SEEDS: '127.0.0.1',
    DB_PORT: String(postgres.options.port),
    BIND_ON_IP: '127.0.0.1',
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
  const temporalLog = join(artifacts, `${prefix}-temporal.log`);
  let temporal = await startTemporalServer({ server: binaries.server, env: temporalEnv, logFile: temporalLog });
  started.push(() => temporal.kill('SIGTERM'));
  log(`temporal-server on ${temporalAddress} (pid ${temporal.pid})`);

  // temporal-setup: namespace + search attributes, the temporal CLI on PATH
  const cli = temporalCliPath();
  await runSetupScript('setup-namespace.sh', { ...baseEnv(), ...mapEnv(serviceEnvironment(compose, 'temporal-setup'), hosts, {}), PATH: path(dirname(cli)) });
  log('namespace and search attributes registered');

  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-prod-data-'));
  // the image's ENV, then the compose service's environment; `extra` is what differs on one machine
  const app = (service: AppService, name: string, extra: Record<string, string>) =>
    imageProcess(sourceImage(service), name, { ...serviceEnvironment(compose, service), ...extra }, { hosts, paths: { '/data': dataDir }, logPrefix: prefix });

  const apis: ServiceProcess[] = [];
  const urls: string[] = [];
  for (let i = 0; i < (options.apiReplicas ?? 2); i++) {
    const port = await freePort();
    // a container binds 0.0.0.0 inside its own network; here: loopback only
    apis.push(app('api', `api-${i + 1}`, { TTHC_PORT: String(port), TTHC_HOST: '127.0.0.1' }));
    urls.push(`http://127.0.0.1:${port}`);
  }
  // replicas start together, as `up --scale api=2` starts them (migrations take an advisory lock)
  for (const a of apis) a.start();
  started.push(() => Promise.all(apis.map((a) => a.stop())).then(() => undefined));
  await Promise.all(apis.map((a, i) => a.waitHealthy(urls[i])));
  log(`api replicas healthy: ${urls.join(' ')}`);

  const workers: ServiceProcess[] = [];
  for (let i = 0; i < (options.workerReplicas ?? 2); i++) workers.push(app('worker', `worker-${i + 1}`, {}));
  for (const w of workers) w.start();

  const stack: ProductionStack = {
    compose,
    postgres,
    temporal,
    temporalAddress,
    temporalEnv,
    apis,
    workers,
    urls,
    dataDir,
    databaseUrl: postgres.url,
    async killTemporal() {
      const pid = stack.temporal.pid;
      await stack.temporal.kill('SIGKILL');
      return pid;
    },
    async restartTemporal() {
      temporal = await startTemporalServer({ server: binaries.server, env: temporalEnv, logFile: temporalLog });
      stack.temporal = temporal;
    },
    async stop() {
      await Promise.all([...workers, ...apis].map((p) => p.stop()));
      await stack.temporal.kill('SIGTERM').catch(() => undefined);
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
