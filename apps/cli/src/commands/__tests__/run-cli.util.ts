import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../../../..');
const bin = join(repoRoot, 'apps/cli/bin/tthc.js');

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the real `tthc` binary (as a user would) and collects its output and exit code. */
export function tthc(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 });
    });
  });
}
