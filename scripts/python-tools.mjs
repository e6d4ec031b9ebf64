// Installs the Python tools listed in scripts/python-tools.txt into .tools/python
// (pip --target: the user's Python stays untouched). Re-installs only when the list changes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function ensurePythonTools() {
  const list = readFileSync(join(root, 'scripts/python-tools.txt'), 'utf8')
    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (list.length === 0) return;
  const target = join(root, '.tools/python');
  const stamp = join(target, '.installed');
  const digest = createHash('sha256').update(list.join('\n')).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  mkdirSync(target, { recursive: true });
  const python = process.env.PYTHON ?? 'python3';
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, ...list], { stdio: 'inherit' });
  writeFileSync(stamp, digest);
}
