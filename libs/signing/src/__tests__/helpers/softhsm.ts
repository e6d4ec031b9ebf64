import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { run } from './tools';

/**
 * A fresh SoftHSM2 token in `dir` (its own config via SOFTHSM2_CONF, so nothing is
 * shared with the machine). Returns the slot ID of the initialised token.
 */
export function softHsmConf(dir: string): string {
  return path.join(dir, 'softhsm2.conf');
}

export function initSoftHsmToken(dir: string, label: string, pin: string, soPin = '87654321'): number {
  mkdirSync(path.join(dir, 'tokens'), { recursive: true });
  const conf = softHsmConf(dir);
  writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const r = run('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin], { SOFTHSM2_CONF: conf });
  const m = /reassigned to slot (\d+)/.exec(r.out);
  if (r.status !== 0 || !m) throw new Error(`softhsm2-util failed: ${r.out}`);
  return Number(m[1]);
}

/** Runs one PKCS#11 action in a child process whose environment points at the token. */
export function pkcs11Worker(dir: string, cmd: Record<string, unknown>): Record<string, any> {
  const r = run(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'pkcs11-worker.ts'), JSON.stringify(cmd)], {
    SOFTHSM2_CONF: softHsmConf(dir),
    SWCRC: 'true',
  });
  const line = r.out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`pkcs11 worker failed (${r.status}): ${r.out}`);
  }
}
