#!/usr/bin/env node
// `npm test`: the whole suite. First scripts/test-setup.mjs installs what the tests need (Debian
// packages when missing, the Temporal binaries and Python validators into .tools/) or stops with
// one line saying what to install. Then the steps — lint, type-checks, web build — and every
// project's Jest suite, then the end-to-end suite in test/ (real Temporal dev server, real
// database, real browser). Database: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise.
// The closing line "tests: N passed, N failed, N skipped" counts test cases only; the steps are
// reported on their own line, and a failed step fails the run too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestSetupOrExit } from './test-setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

const tools = ensureTestSetupOrExit({ temporalServer: args.includes('--production') });
process.env.TEMPORAL_CLI_PATH = tools.temporal;
process.env.TEMPORAL_TEST_SERVER_PATH = tools.testServer;
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
  // a path filter may match files of one config only; a run that matched nothing at all fails below
  const filter = only.length ? ['--passWithNoTests', ...only] : [];
  // --forceExit: once every test has run and the results are written, end the run even if a failed
  // set-up left a connection or timer open — in band (e2e, production) Jest would otherwise wait on it
  // forever and CI would hang instead of reporting the failure (session 7: a lock wait did exactly that)
  const status = run('npx', ['jest', '-c', config, '--json', `--outputFile=${out}`, '--forceExit', ...extra, ...filter]);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  } else if (status !== 0) totals.failed += 1;
  return status;
}

// Steps first (not test cases: reported on their own line; a failed one fails the run).
const steps = [];
function step(name, cmd, cmdArgs) {
  const ok = run(cmd, cmdArgs) === 0;
  steps.push({ name, ok });
  if (!ok) console.log(`[test] STEP FAILED: ${name}`);
  return ok ? 0 : 1;
}
let status = 0;
// `npm run test:production`: the setup above, then only the production-mode suite (test/production)
if (args.includes('--production')) {
  const st = jest('test/production/jest.config.js', 'production', ['--runInBand']);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(st === 0 && totals.failed === 0 ? 0 : 1);
}
if (only.length === 0 && !args.includes('--e2e-only')) {
  // the module-boundary rule (@nx/enforce-module-boundaries) reads Nx's cached project graph and is
  // silently skipped without one (a fresh clone): compute the graph first
  status = step('project graph', 'npx', ['nx', 'show', 'projects']) || status;
  status = step('lint', 'npx', ['eslint', '--quiet', '.']) || status;
  status = step('type-check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) || status;
  status = step('type-check web', 'npx', ['tsc', '-p', 'apps/web/tsconfig.json', '--noEmit']) || status;
}
status = step('web build', 'npm', ['run', 'build', '--workspace', 'apps/web', '--if-present']) || status;
if (!args.includes('--e2e-only')) status = jest('jest.config.js', 'unit', ['--maxWorkers=2']) || status;
if (!args.includes('--unit-only')) status = jest('test/jest.config.js', 'e2e', ['--runInBand']) || status;

const failedSteps = steps.filter((s) => !s.ok).map((s) => s.name);
console.log(`\n[test] steps: ${steps.map((s) => `${s.name} ${s.ok ? 'ok' : 'FAILED'}`).join(', ')}`);
const noMatch = only.length > 0 && totals.passed + totals.failed + totals.skipped === 0;
if (failedSteps.length) console.log(`[test] the run FAILS: step(s) failed: ${failedSteps.join(', ')}`);
else if (noMatch) console.log(`[test] the run FAILS: no test matched ${only.join(' ')}`);
else if (status !== 0 && totals.failed === 0) console.log('[test] the run FAILS: a Jest run exited non-zero without a failed test (see above)');
if (noMatch) status = 1;
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status === 0 && totals.failed === 0 ? 0 : 1);
