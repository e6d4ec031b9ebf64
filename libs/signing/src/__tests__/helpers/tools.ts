import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../../../..');
export const PYTHON_TOOLS = path.join(ROOT, '.tools/python');

/**
 * How to get each external validator. `npm test` installs all of them first
 * (scripts/test-setup.mjs); a test that needs a missing one fails with this line — never skips.
 */
const INSTALL: Record<string, string> = {
  pdfsig: 'Debian package poppler-utils',
  pdftotext: 'Debian package poppler-utils',
  'softhsm2-util': 'Debian package softhsm2',
  openssl: 'Debian package openssl',
  python3: 'Debian package python3',
};

export interface ToolResult {
  status: number;
  out: string;
}

function missing(cmd: string): Error {
  return new Error(`${cmd} is not installed (${INSTALL[cmd] ?? cmd}): run \`node scripts/test-setup.mjs\` or \`npm test\`, which install it`);
}

export function run(cmd: string, args: string[], env: Record<string, string> = {}): ToolResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env } });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw missing(cmd);
  const out = `${r.stdout}${r.stderr}`;
  if (/No module named '?pyhanko/.test(out)) {
    throw new Error(`pyHanko is not in ${PYTHON_TOOLS}: run \`node scripts/test-setup.mjs\` or \`npm test\`, which install it`);
  }
  return { status: r.status ?? -1, out };
}

export const SOFTHSM_MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
];

/** The SoftHSM2 PKCS#11 module; throws (the test fails) when SoftHSM2 is not installed. */
export function softHsmModule(): string {
  const found = SOFTHSM_MODULE_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw missing('softhsm2-util');
  return found;
}

export const pdfsig = (file: string) => run('pdfsig', [file]);
export const pdftotext = (file: string) => {
  try {
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw missing('pdftotext');
    throw err;
  }
};

/** pyHanko's validator, trusting only `trustPem`. */
export const pyhankoValidate = (file: string, trustPem: string) =>
  run('python3', ['-m', 'pyhanko', 'sign', 'validate', '--pretty-print', '--trust-replace', '--trust', trustPem, file], {
    PYTHONPATH: PYTHON_TOOLS,
  });
