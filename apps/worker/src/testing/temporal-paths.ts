import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

let cached: { temporal: string; testServer: string } | undefined;

/** paths of the pinned Temporal binaries (scripts/tools.mjs, which installs them if missing) */
export function temporalPaths(): { temporal: string; testServer: string } {
  if (cached) return cached;
  const { TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH } = process.env;
  if (TEMPORAL_CLI_PATH && TEMPORAL_TEST_SERVER_PATH) return (cached = { temporal: TEMPORAL_CLI_PATH, testServer: TEMPORAL_TEST_SERVER_PATH });
  const root = join(__dirname, '..', '..', '..', '..');
  const out = execFileSync(process.execPath, [join(root, 'scripts', 'tools.mjs')], { encoding: 'utf8' });
  cached = JSON.parse(out.trim().split('\n').pop()!);
  return cached!;
}
