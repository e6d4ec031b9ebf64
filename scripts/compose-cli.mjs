#!/usr/bin/env node
// The Docker Compose CLI, built from its Go module so that `docker compose -f docker/compose.yml
// config` runs on a machine without Docker (issue 14; `config` needs no Docker engine):
//
//   - github.com/docker/compose/v2 of the pinned version is fetched from the Go module proxy
//     (`go mod download`) and built with `go build ./cmd` inside its own module (its go.mod has
//     replace/exclude directives, so `go install …@version` refuses it), once per machine, cached
//     OUTSIDE the clone: ~/.cache/tthc-tools/docker-compose-<version>/docker-compose
//     ($TTHC_TOOLS_CACHE moves it; DOCKER_COMPOSE_PATH uses another binary);
//   - the binary is the `docker compose` plugin itself, run standalone (`docker-compose …`).
//   (Compose v5, the newest major, needs a module the proxy refuses — docker/secrets-engine — so
//   the pin is the last v2.)
//
//   node scripts/compose-cli.mjs build    # build (or find) the binary, print its path
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMPOSE_VERSION = '2.40.3';
const MODULE = 'github.com/docker/compose/v2';

export function composeCliDir(env = process.env) {
  const cache = env.TTHC_TOOLS_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tthc-tools');
  return join(cache, `docker-compose-${COMPOSE_VERSION}`);
}

function goCommand(env) {
  if (env.GO) return env.GO;
  const onPath = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' });
  if (onPath.status === 0) return onPath.stdout.trim();
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  return undefined;
}

/**
 * Path of the pinned `docker-compose` binary, built first when the cache lacks it.
 * @returns {{ path: string, built: boolean, buildSeconds?: number }}
 */
export function ensureComposeCli({ env = process.env, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (env.DOCKER_COMPOSE_PATH) return { path: env.DOCKER_COMPOSE_PATH, built: false };
  const dir = composeCliDir(env);
  const bin = join(dir, 'docker-compose');
  if (existsSync(join(dir, 'BUILT'))) return { path: bin, built: false };
  const go = goCommand(env);
  if (!go) throw new Error(`the Go command is needed to build the Compose CLI (${MODULE}): install Go 1.24 or newer, or set DOCKER_COMPOSE_PATH`);
  const started = Date.now();
  const staging = `${dir}.building.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const goEnv = { ...env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
  log(`[compose-cli] building ${MODULE} v${COMPOSE_VERSION} into ${dir} (once per machine; about 6 CPU-minutes)`);
  try {
    const dl = spawnSync(go, ['mod', 'download', '-json', `${MODULE}@v${COMPOSE_VERSION}`], { cwd: staging, env: goEnv, encoding: 'utf8' });
    if (dl.status !== 0) throw new Error(`go mod download ${MODULE}@v${COMPOSE_VERSION} failed: ${(dl.stdout + dl.stderr).trim().split('\n').slice(-3).join(' | ')}`);
    const src = join(staging, 'src');
    cpSync(JSON.parse(dl.stdout).Dir, src, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', src]);
    const ldflags = `-s -w -X ${MODULE}/internal.Version=v${COMPOSE_VERSION}`;
    const b = spawnSync(go, ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', join(staging, 'docker-compose'), './cmd'], { cwd: src, env: goEnv, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`go build of ${MODULE} v${COMPOSE_VERSION} failed: ${String(b.stderr).trim().split('\n').slice(-3).join(' | ')}`);
    rmSync(src, { recursive: true, force: true });
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(join(staging, 'BUILT'), `${MODULE} v${COMPOSE_VERSION} built in ${buildSeconds} s at ${new Date().toISOString()}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    log(`[compose-cli] built in ${buildSeconds} s`);
    return { path: bin, built: true, buildSeconds };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== 'build') {
    console.error('usage: node scripts/compose-cli.mjs build');
    process.exit(2);
  }
  try {
    console.log(ensureComposeCli().path);
  } catch (err) {
    console.error(`[compose-cli] ${err.message}`);
    process.exit(1);
  }
}
