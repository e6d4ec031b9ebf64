/**
 * Runs a Dockerfile's build natively, without a Docker engine (issue 14: "the api and worker
 * Dockerfile steps succeed when run natively"). Each stage gets a directory of its own that
 * stands for its WORKDIR; the instructions are executed in order:
 *
 * - `COPY <src>… <dest>` copies from the build context (the working tree as `docker build .`
 *   sees it: git's tracked and untracked-but-not-ignored files minus `.dockerignore`, copied
 *   once at the start as docker sends it once), or
 *   with `--from=<stage>` from that stage's directory;
 * - `RUN apt-get …install <pkgs>` is checked, not run: each package must be installed on this
 *   machine (`dpkg -s`), as the image's base would have it after the step;
 * - every other `RUN` is run with `sh -c` in the stage's directory (npm ci, the web build…);
 * - `ENV`, `CMD` are recorded for the final stage (`USER`, `EXPOSE` are container matters).
 *
 * Like BuildKit, independent stages are built side by side, and a stage whose instructions are
 * identical to one already built (the `deps` stages of the api and worker images) is built once.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { AppImage } from './app-image';

export interface DockerInstruction {
  op: string;
  args: string;
  line: number;
}

export interface DockerStage {
  name: string;
  from: string;
  instructions: DockerInstruction[];
}

/** Stages of a Dockerfile (comments and line continuations handled; no parser directives used here). */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const start = i + 1;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i];
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const m = /^(\w+)\s+(.*)$/.exec(trimmed);
    if (!m) throw new Error(`line ${start}: cannot read "${trimmed}"`);
    const op = m[1].toUpperCase();
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(m[2].trim());
      if (!from) throw new Error(`line ${start}: cannot read FROM ${m[2]}`);
      stages.push({ name: from[2] ?? String(stages.length), from: from[1], instructions: [] });
      continue;
    }
    if (!stages.length) throw new Error(`line ${start}: ${op} before FROM`);
    stages[stages.length - 1].instructions.push({ op, args: m[2].trim(), line: start });
  }
  return stages;
}

/** `KEY=value KEY2=value2` (ENV) */
function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/(\w+)=("([^"]*)"|\S+)/g)) out[m[1]] = m[3] ?? m[2];
  return out;
}

/** The files `docker build <context>` sends: git's view of the tree minus .dockerignore. */
export function buildContextFiles(context: string): string[] {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: context, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean)
    .filter((f) => existsSync(join(context, f)));
  const ignoreFile = join(context, '.dockerignore');
  const patterns = existsSync(ignoreFile)
    ? readFileSync(ignoreFile, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  const matchers = patterns.map((p) => {
    const body = p
      .replace(/^\//, '')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '(?:.*/)?')
      .replace(/\*/g, '[^/]*');
    return new RegExp(`^${body}(?:/.*)?$`);
  });
  return files.filter((f) => !matchers.some((m) => m.test(f)));
}

/** the final image: its directory stands for the WORKDIR (/app), with the stage's ENV and CMD */
export interface NativeBuild extends AppImage {
  /** one line per executed or checked step */
  steps: string[];
}

/**
 * What builds share, like Docker's builder: the build context taken once per context directory,
 * and every stage by its instructions (a stage identical to one already built — or being built —
 * is that one).
 */
export interface LayerCache {
  contexts: Map<string, Promise<{ dir: string; files: string[] }>>;
  stages: Map<string, Promise<string>>;
}

export const newLayerCache = (): LayerCache => ({ contexts: new Map(), stages: new Map() });

export interface NativeBuildOptions {
  dockerfile: string;
  context: string;
  /** scratch directory (stages get sub-directories) */
  workDir: string;
  /** shared between the builds of one run */
  cache?: LayerCache;
  log?: (line: string) => void;
}

function copyInto(srcRoot: string, files: string[] | null, srcs: string[], dest: string): void {
  for (const src of srcs) {
    const from = resolve(srcRoot, src);
    if (files) {
      // from the context: only the files the context sends
      const rel = relative(srcRoot, from);
      const chosen = rel === '' ? files : files.filter((f) => f === rel || f.startsWith(`${rel}/`));
      if (!chosen.length) throw new Error(`COPY ${src}: not in the build context`);
      const isFile = chosen.length === 1 && chosen[0] === rel && statSync(from).isFile();
      for (const f of chosen) {
        const target = isFile ? (dest.endsWith('/') || srcs.length > 1 ? join(dest, f.split('/').pop()!) : dest) : join(dest, rel === '' ? f : relative(rel, f));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(srcRoot, f), target);
      }
    } else {
      if (!existsSync(from)) throw new Error(`COPY --from: ${src} does not exist in the stage`);
      mkdirSync(dest, { recursive: true });
      cpSync(from, statSync(from).isDirectory() ? dest : join(dest, src.split('/').pop()!), { recursive: true, verbatimSymlinks: true });
    }
  }
}

/** `docker build` takes the context once, at its start: later edits of the tree do not leak in */
async function takeContext(context: string, workDir: string, cache: LayerCache): Promise<{ dir: string; files: string[] }> {
  let taken = cache.contexts.get(context);
  if (!taken) {
    const dir = join(workDir, `context-${cache.contexts.size}`);
    const files = buildContextFiles(context);
    for (const f of files) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(join(context, f), join(dir, f), { verbatimSymlinks: true });
    }
    taken = Promise.resolve({ dir, files });
    cache.contexts.set(context, taken);
  }
  return taken;
}

/** `sh -c <command>` in the stage's directory; resolves with its output, rejects with its tail */
function run(command: string, cwd: string, env: Record<string, string>, where: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-16_384));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${where} failed (${code ?? signal}):\n${tail.split('\n').slice(-25).join('\n')}`)),
    );
  });
}

/**
 * Builds every stage of the Dockerfile natively; returns the final stage. As BuildKit does,
 * stages run concurrently as soon as the stages they copy from are built (in api.Dockerfile:
 * `build` and `deps` side by side), and a stage already built by another Dockerfile of the same
 * run (the worker's `deps`) is taken from the cache.
 */
export async function buildDockerfileNatively(options: NativeBuildOptions): Promise<NativeBuild> {
  const log = options.log ?? (() => undefined);
  const cache = options.cache ?? newLayerCache();
  const stages = parseDockerfile(readFileSync(options.dockerfile, 'utf8'));
  const context = await takeContext(options.context, options.workDir, cache);
  const name = options.dockerfile.split('/').pop()!;
  // what each stage did, listed in the Dockerfile's order whatever order the stages ran in
  const stageSteps: string[][] = stages.map(() => []);
  const built = new Map<string, Promise<string>>();
  const envOf = (stage: DockerStage) => Object.assign({}, ...stage.instructions.filter((i) => i.op === 'ENV').map((i) => parseEnv(i.args))) as Record<string, string>;

  const buildStage = async (stage: DockerStage, index: number): Promise<string> => {
    const steps = stageSteps[index];
    const dir = join(options.workDir, `${name}-${index}-${stage.name}`);
    mkdirSync(dir, { recursive: true });
    // an ENV applies to the instructions after it
    const env: Record<string, string> = {};
    for (const ins of stage.instructions) {
      const where = `${name}:${ins.line} ${ins.op} ${ins.args}`;
      if (ins.op === 'ENV') Object.assign(env, parseEnv(ins.args));
      if (['ENV', 'CMD', 'WORKDIR', 'USER', 'EXPOSE'].includes(ins.op)) continue;
      if (ins.op === 'COPY') {
        const parts = ins.args.split(/\s+/);
        const fromFlag = parts.find((p) => p.startsWith('--from='));
        const paths = parts.filter((p) => !p.startsWith('--'));
        const dest = paths.pop()!;
        const destDir = dest === '.' || dest === './' ? dir : join(dir, dest.replace(/^\/app\/?/, '').replace(/^\.\//, ''));
        if (fromFlag) {
          const fromStage = built.get(fromFlag.slice('--from='.length));
          if (!fromStage) throw new Error(`${where}: unknown stage`);
          copyInto(await fromStage, null, paths.map((p) => p.replace(/^\/app\/?/, '') || '.'), destDir);
        } else copyInto(context.dir, context.files, paths, destDir);
        steps.push(where);
      } else if (ins.op === 'RUN') {
        const apt = /apt-get install\s+(?:-\S+\s+)*((?:[\w.+-]+\s*)+)/.exec(ins.args);
        if (apt) {
          const packages = apt[1].trim().split(/\s+/);
          const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
          if (missing.length) throw new Error(`${where}: Debian package(s) not installed on this machine: ${missing.join(' ')}`);
          steps.push(`${where} (checked: ${packages.join(' ')} installed)`);
          continue;
        }
        log(where);
        const started = Date.now();
        await run(ins.args, dir, env, where);
        steps.push(`${where} (${Math.round((Date.now() - started) / 1000)} s)`);
      } else throw new Error(`${where}: instruction not supported by the native build`);
    }
    return dir;
  };

  for (const [index, stage] of stages.entries()) {
    const key = `${stage.from}\n${stage.instructions.map((i) => `${i.op} ${i.args}`).join('\n')}`;
    let dir = cache.stages.get(key);
    if (dir) stageSteps[index].push(`${name} stage ${stage.name}: identical to a stage already built (layer cache)`);
    else {
      // a stage starts once the stages it copies from exist (their promises are in `built` already)
      dir = buildStage(stage, index);
      cache.stages.set(key, dir);
    }
    built.set(stage.name, dir);
  }
  // a failed stage fails the build (and no stage is left running unobserved)
  const dirs = await Promise.all(built.values());
  const final = stages[stages.length - 1];
  if (!final) throw new Error(`${options.dockerfile}: no stage`);
  const cmd = final.instructions.filter((i) => i.op === 'CMD').map((i) => JSON.parse(i.args) as string[]).pop() ?? [];
  return { dir: dirs[dirs.length - 1], env: envOf(final), cmd, steps: stageSteps.flat() };
}
