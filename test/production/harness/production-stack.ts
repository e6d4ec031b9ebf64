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
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { ensureTemporalServer, runSetupScript, startTemporalServer, type RunningTemporalServer } from '../../../scripts/temporal-server.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { temporalCliPath } from '../../../scripts/tools.mjs';
import { bindMounts, dockerfileEnv, loadCompose, serviceEnvironment, type ComposeProject } from '../../harness/compose';
import { freePort, repoRoot } from '../../harness/stack';
import { PostgresServer } from './postgres-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const artifacts = join(repoRoot, 'test-artifacts');

/** What an operator exports before `docker compose up` (secrets and knobs the compose file interpolates). */
export interface OperatorEnv {
  POSTGRES_PASSWORD: string;
  TTHC_JWT_SECRET: string;
  TTHC_AUDIT_KEY: string;
  [key: string]: string;
}

/** The process env a container starts with besides its declared environment. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]));
}

/** `CMD ["node", …]` of a Dockerfile, with `node` as this Node binary */
function dockerfileCmd(dockerfile: string): string[] {
  const line = readFileSync(dockerfile, 'utf8')
    .split('\n')
    .filter((l) => /^CMD\s/.test(l))
    .pop();
  if (!line) throw new Error(`${dockerfile} has no CMD`);
  const argv = JSON.parse(line.replace(/^CMD\s+/, '')) as string[];
  return argv[0] === 'node' ? [process.execPath, ...argv.slice(1)] : argv;
}

/** Rewrites container addresses and paths in every value of an environment. */
function mapEnv(env: Record<string, string>, hosts: Record<string, string>, paths: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    let value = v;
    for (const [from, to] of Object.entries(hosts)) value = value.split(from).join(to);
    for (const [from, to] of Object.entries(paths)) if (value === from || value.startsWith(`${from}/`)) value = to + value.slice(from.length);
    out[k] = value;
  }
  return out;
}

/** A long-running process with compose's `restart: unless-stopped`. */
export class ServiceProcess {
  private child?: ChildProcess;
  private stopped = false;
  private readonly log: WriteStream;
  private readonly logFile: string;
  /** size of the (appended) log file before this run: what this run wrote starts there */
  private readonly logStart: number;
  /** every exit, with what ended it */
  readonly exits: Array<{ pid: number; code: number | null; signal: string | null; at: string }> = [];
  starts = 0;

  constructor(
    readonly name: string,
    private readonly argv: string[],
    readonly env: Record<string, string>,
    logPrefix = 'production',
  ) {
    this.logFile = join(artifacts, `${logPrefix}-${name}.log`);
    this.logStart = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
    this.log = createWriteStream(this.logFile, { flags: 'a' });
  }

  /** what this service printed during this run (every process it started) */
  output(): string {
    return readFileSync(this.logFile).subarray(this.logStart).toString('utf8');
  }

  get pid(): number | undefined {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  start(): void {
    this.starts += 1;
    const child = spawn(this.argv[0], this.argv.slice(1), { cwd: repoRoot, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.exits.push({ pid: child.pid!, code, signal, at: new Date().toISOString() });
      this.log.write(`\n[harness] ${this.name} pid ${child.pid} exited (${signal ?? code})\n`);
      if (!this.stopped) setTimeout(() => !this.stopped && this.start(), 1000);
    });
  }

  /** SIGKILL; the restart policy starts a new process */
  kill9(): number {
    const pid = this.pid;
    if (!pid) throw new Error(`${this.name} is not running`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  async waitRestarted(oldPid: number, timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const pid = this.pid;
      if (pid && pid !== oldPid) return pid;
      await sleep(200);
    }
    throw new Error(`${this.name} was not restarted within ${timeoutMs} ms`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
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

async function waitHealthy(url: string, proc: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return;
    } catch {
      /* starting */
    }
    await sleep(500);
  }
  throw new Error(`${proc.name} not healthy at ${url} within ${timeoutMs} ms (exits: ${JSON.stringify(proc.exits)}; see its log in test-artifacts/)`);
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
  const appPaths = { '/app': repoRoot, '/data': dataDir };
  const app = (service: 'api' | 'worker', name: string, extra: Record<string, string>) => {
    const dockerfile = join(repoRoot, 'docker', `${service}.Dockerfile`);
    const env = { ...baseEnv(), ...mapEnv({ ...dockerfileEnv(dockerfile), ...serviceEnvironment(compose, service) }, hosts, appPaths), ...extra };
    return new ServiceProcess(name, dockerfileCmd(dockerfile), env, prefix);
  };

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
  await Promise.all(apis.map((a, i) => waitHealthy(urls[i], a, 300_000)));
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
