import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../../../..');
export const PYTHON_TOOLS = path.join(ROOT, '.tools/python');

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/**
 * A system tool a test needs. Under CI=true a missing tool fails the test run (CI must
 * install it); elsewhere the test is skipped with a message saying how to install it.
 */
export function systemTool(available: boolean, name: string, install: string): boolean {
  if (available) return true;
  const msg = `${name} is not installed — ${install}`;
  if (process.env.CI === 'true') throw new Error(`${msg} (required under CI)`);
  console.warn(`SKIPPED tests needing ${msg}`);
  return false;
}

export const hasPdfsig = () => systemTool(onPath('pdfsig') && onPath('pdftotext'), 'pdfsig (poppler-utils)', 'apt-get install -y poppler-utils');
export const SOFTHSM_MODULE = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'].find((p) => existsSync(p));
export const hasSoftHsm = () => systemTool(!!SOFTHSM_MODULE && onPath('softhsm2-util'), 'SoftHSM2', 'apt-get install -y softhsm2');
export const hasPyHanko = () =>
  systemTool(
    spawnSync('python3', ['-c', 'import pyhanko.cli'], { env: { ...process.env, PYTHONPATH: PYTHON_TOOLS } }).status === 0,
    'pyHanko',
    'pip install --target .tools/python -r scripts/python-tools.txt',
  );
export const hasOpenssl = () => systemTool(onPath('openssl'), 'openssl', 'apt-get install -y openssl');

export interface ToolResult {
  status: number;
  out: string;
}

export function run(cmd: string, args: string[], env: Record<string, string> = {}): ToolResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env } });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

export const pdfsig = (file: string) => run('pdfsig', [file]);
export const pdftotext = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });

/** pyHanko's validator, trusting only `trustPem`. */
export const pyhankoValidate = (file: string, trustPem: string) =>
  run('python3', ['-m', 'pyhanko', 'sign', 'validate', '--pretty-print', '--trust-replace', '--trust', trustPem, file], {
    PYTHONPATH: PYTHON_TOOLS,
  });
