/**
 * A PostgreSQL server of the suite's own (initdb into a temporary directory, its own port), so
 * that it can be killed with SIGKILL and restarted without touching the machine's shared
 * server. The cluster is created the way the postgres image creates it from the compose
 * file's POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB (password authentication on TCP).
 * As root, the server runs as the `postgres` system user (PostgreSQL refuses to run as root).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/postgres'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (Debian package postgresql; scripts/test-setup.mjs installs it)');
  return join(base, versions.sort((a, b) => Number(a) - Number(b)).pop()!, 'bin');
}

function systemUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export interface PostgresOptions {
  port: number;
  user: string;
  password: string;
  database: string;
  logFile: string;
}

export class PostgresServer {
  readonly dataDir: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private readonly bin = postgresBinDir();
  private readonly owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;

  constructor(readonly options: PostgresOptions) {
    const base = mkdtempSync(join(tmpdir(), 'tthc-prod-pg-'));
    this.dataDir = join(base, 'data');
    if (this.owner) chownSync(base, this.owner.uid, this.owner.gid);
  }

  get url(): string {
    return `postgres://${this.options.user}:${encodeURIComponent(this.options.password)}@127.0.0.1:${this.options.port}/${this.options.database}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private run(cmd: string, args: string[]): void {
    execFileSync(join(this.bin, cmd), args, { stdio: ['ignore', 'ignore', 'pipe'], ...(this.owner ?? {}) });
  }

  /** initdb (superuser POSTGRES_USER with its password, scram on TCP), start, create POSTGRES_DB */
  async init(): Promise<void> {
    const pwfile = join(this.dataDir, '..', 'pwfile');
    writeFileSync(pwfile, `${this.options.password}\n`);
    chmodSync(pwfile, 0o600);
    if (this.owner) chownSync(pwfile, this.owner.uid, this.owner.gid);
    this.run('initdb', ['-D', this.dataDir, '-U', this.options.user, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    await this.start();
    const admin = new Client({ connectionString: this.url.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${this.options.database}`);
    } finally {
      await admin.end();
    }
  }

  /**
   * Starts the postmaster and waits until it accepts connections. After a SIGKILL the old
   * backends may still hold the shared memory for a moment: the start is retried until the
   * postmaster stays up (crash recovery replays the WAL).
   */
  async start(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const log = openSync(this.options.logFile, 'a');
      const child = spawn(
        join(this.bin, 'postgres'),
        ['-D', this.dataDir, '-p', String(this.options.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${join(this.dataDir, '..')}`, '-c', 'max_connections=200'],
        { stdio: ['ignore', log, log], ...(this.owner ?? {}) },
      );
      this.child = child;
      this.exited = new Promise((res) => child.once('exit', () => res()));
      if (await this.waitAccepting(child, Math.min(60_000, deadline - Date.now()))) return;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await this.exited;
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start on port ${this.options.port} within ${timeoutMs} ms (log: ${this.options.logFile})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private async waitAccepting(child: ChildProcess, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      const client = new Client({ connectionString: this.url.replace(/\/[^/]*$/, '/postgres'), connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        /* starting up or in recovery */
      } finally {
        await client.end().catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    return false;
  }

  /** kill -9 of the postmaster (its backends notice and exit on their own) */
  async kill9(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    process.kill(this.child.pid!, 'SIGKILL');
    await this.exited;
  }

  /** fast shutdown, then the cluster's directory is removed */
  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 30_000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }
}
