/**
 * A long-running process of the production-mode suite (an API or worker replica, an image's CMD):
 * its output appended to test-artifacts/<logPrefix>-<name>.log, optionally with compose's
 * `restart: unless-stopped` (a process that exits is started again after a short backoff, so a
 * `kill -9` is followed by a restart as in a real deployment).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, openSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../harness/stack';

export const artifacts = join(repoRoot, 'test-artifacts');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** polls `fn` until it returns a truthy value (an error thrown by `fn` ends the wait) */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 300_000, everyMs = 400): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface ServiceProcessOptions {
  /** the process's working directory (default: the repository) */
  cwd?: string;
  /** compose's `restart: unless-stopped` (default true); false: an exit stays an exit */
  restart?: boolean;
  /** log file test-artifacts/<logPrefix>-<name>.log (default `production`) */
  logPrefix?: string;
}

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
    private readonly options: ServiceProcessOptions = {},
  ) {
    mkdirSync(artifacts, { recursive: true });
    this.logFile = join(artifacts, `${options.logPrefix ?? 'production'}-${name}.log`);
    this.logStart = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
    // opened synchronously: the file exists before the first output() (a fresh clone has no log yet)
    this.log = createWriteStream(this.logFile, { fd: openSync(this.logFile, 'a') });
  }

  /** what this service printed during this run (every process it started) */
  output(): string {
    return readFileSync(this.logFile).subarray(this.logStart).toString('utf8');
  }

  /** where its output goes (for error messages) */
  get logPath(): string {
    return this.logFile.slice(repoRoot.length + 1);
  }

  get pid(): number | undefined {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  start(): this {
    this.starts += 1;
    const child = spawn(this.argv[0], this.argv.slice(1), { cwd: this.options.cwd ?? repoRoot, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.exits.push({ pid: child.pid!, code, signal, at: new Date().toISOString() });
      this.log.write(`\n[harness] ${this.name} pid ${child.pid} exited (${signal ?? code})\n`);
      if (!this.stopped && this.options.restart !== false) setTimeout(() => !this.stopped && this.start(), 1000);
    });
    return this;
  }

  /** SIGKILL; the restart policy starts a new process */
  kill9(): number {
    const pid = this.pid;
    if (!pid) throw new Error(`${this.name} is not running`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  async waitRestarted(oldPid: number, timeoutMs = 60_000): Promise<number> {
    return until(`${this.name} restarted`, async () => (this.pid !== oldPid ? this.pid : undefined), timeoutMs, 200);
  }

  /** its output says it polls the task queue (a worker) */
  async waitPolling(timeoutMs = 300_000): Promise<void> {
    await until(`${this.name} polling (log: ${this.logPath})`, async () => this.assertAlive() && /\[worker\] polling /.test(this.output()), timeoutMs);
  }

  /** GET <url>/api/v1/health answers 200 (an API) */
  async waitHealthy(url: string, timeoutMs = 300_000): Promise<void> {
    await until(
      `${this.name} healthy at ${url} (exits: ${JSON.stringify(this.exits)}; log: ${this.logPath})`,
      async () => this.assertAlive() && (await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false)),
      timeoutMs,
      500,
    );
  }

  /** without a restart policy, a process that ended will not come back: stop waiting for it */
  private assertAlive(): true {
    if (this.options.restart === false && this.exits.length) throw new Error(`${this.name} exited (${JSON.stringify(this.exits)}; log: ${this.logPath})`);
    return true;
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
