#!/usr/bin/env node
// `npm run bench` runs every benchmark in bench/ (files named <id>-<name>.bench.ts);
// `npm run bench -- w1` runs those whose file name starts with w1; flags and their values
// (`-- w6 --keep-data --closed-loop 400`) are passed to each; `-- --smoke` passes
// --smoke to each (a tiny run for CI, whose results are not written over the committed ones).
// Each benchmark writes bench/results/<name>.json itself.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporalCliPath } from './tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts'));
const isName = (a) => benches.some((f) => f.toLowerCase().startsWith(a.toLowerCase()));
// a word right after a flag is that flag's value (`--closed-loop 400`, `--writes insert`) unless it names a bench
const isValue = (a, i) => !a.startsWith('--') && i > 0 && args[i - 1].startsWith('--') && !isName(a);
const flags = args.filter((a, i) => a.startsWith('--') || isValue(a, i));
const names = args.filter((a, i) => !a.startsWith('--') && !isValue(a, i)).map((a) => a.toLowerCase());
const files = benches
  .filter((f) => names.length === 0 || names.some((n) => f.toLowerCase().startsWith(n)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${names.join(', ')}`);
  process.exit(2);
}
process.env.TEMPORAL_CLI_PATH = temporalCliPath();
let failed = 0;
for (const f of files) {
  console.log(`\n[bench] ${f} ${flags.join(' ')}`);
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', join('bench', f), ...flags], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SWCRC: 'true' },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
