#!/usr/bin/env node
// `npm test`: the whole suite. Installs the pinned tools it needs (Temporal binaries, Python
// validators) into .tools/, builds the web app, runs every project's Jest suite, then the
// end-to-end suite in test/ (real Temporal dev server, real database, real browser).
// Database: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise.
// Prints one closing line "N passed, N failed" for the whole run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporalCliPath, temporalTestServerPath } from './tools.mjs';
import { ensurePythonTools } from './python-tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

process.env.TEMPORAL_CLI_PATH = temporalCliPath();
process.env.TEMPORAL_TEST_SERVER_PATH = temporalTestServerPath();
ensurePythonTools();
process.env.PATH = [join(root, '.tools/python/bin'), join(root, 'node_modules/.bin'), process.env.PATH].join(delimiter);
process.env.PYTHONPATH = [join(root, '.tools/python'), process.env.PYTHONPATH].filter(Boolean).join(delimiter);
process.env.SWCRC = 'true';

function run(cmd, cmdArgs, opts = {}) {
  console.log(`\n[test] ${cmd} ${cmdArgs.join(' ')}`);
  return spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, env: process.env, ...opts }).status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
function jest(config, outName, extra = []) {
  const out = join(artifacts, `${outName}.json`);
  rmSync(out, { force: true });
  const status = run('npx', ['jest', '-c', config, '--json', `--outputFile=${out}`, ...extra, ...only]);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  } else if (status !== 0) totals.failed += 1;
  return status;
}

// Static checks first: each counts as one test in the closing line.
function check(name, cmd, cmdArgs) {
  const ok = run(cmd, cmdArgs) === 0;
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    console.log(`[test] FAILED: ${name}`);
  }
  return ok ? 0 : 1;
}
let status = 0;
if (only.length === 0 && !args.includes('--e2e-only')) {
  status = check('lint (ESLint, Nx module boundaries, workflow determinism rules)', 'npx', ['eslint', '--quiet', '.']) || status;
  status = check('type-check (apps, libs, tests)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) || status;
  status = check('type-check (web app)', 'npx', ['tsc', '-p', 'apps/web/tsconfig.json', '--noEmit']) || status;
}
status = check('web app build', 'npm', ['run', 'build', '--workspace', 'apps/web', '--if-present']) || status;
if (!args.includes('--e2e-only')) status = jest('jest.config.js', 'unit', ['--maxWorkers=2']) || status;
if (!args.includes('--unit-only')) status = jest('test/jest.config.js', 'e2e', ['--runInBand']) || status;

console.log(`\nunit + e2e: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(status === 0 && totals.failed === 0 ? 0 : 1);
