/** Uniform output: `--json` prints machine-readable JSON; failures print one line and exit non-zero. */
export function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(value) + '\n' : human() + '\n');
}

export function fail(err: unknown, code = 1): never {
  const e = err as { message?: string; code?: string };
  const msg = (e?.message ?? String(err)).split('\n')[0];
  process.stderr.write(`tthc: ${e?.code ? e.code + ': ' : ''}${msg}\n`);
  process.exit(code);
}
