/**
 * A bench process of its own (the API of W2/W6, the worker of W2): forked with the repo's TypeScript
 * loader and advanced IPC serialization, optionally under `node --cpu-prof` (its directory from the
 * environment variable `profDirEnv`). The child sends one message once it is ready (its value is
 * `ready`'s), then answers `{ id, type }` requests with `{ id, value }` or `{ id, error }`.
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface BenchChild<Type extends string> {
  child: ChildProcess;
  /** the child's first message; rejects if it exits before sending one */
  ready: Promise<unknown>;
  /** its exit code, once it has exited */
  exited: Promise<number | null>;
  /** one request; rejects with the child's error, or when it exits before answering */
  ask<T>(type: Type): Promise<T>;
}

export function forkBenchChild<Type extends string>(file: string, arg: unknown, name: string, profDirEnv: string): BenchChild<Type> {
  const prof = process.env[profDirEnv];
  const child: ChildProcess = fork(file, [JSON.stringify(arg)], {
    execArgv: ['-r', '@swc-node/register', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])],
    env: { ...process.env, SWCRC: 'true' },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<unknown>((resolve, reject) => {
    child.once('message', resolve);
    void exited.then((code) => reject(new Error(`${name} process exited (${code}) before it was ready`)));
  });
  void ready.then(
    () =>
      child.on('message', (m) => {
        const r = m as { id: number; value?: unknown; error?: string };
        const w = waiting.get(r.id);
        waiting.delete(r.id);
        if (r.error) w?.reject(new Error(r.error));
        else w?.resolve(r.value);
      }),
    () => undefined,
  );
  void exited.then((code) => {
    for (const w of waiting.values()) w.reject(new Error(`${name} process exited (${code})`));
    waiting.clear();
  });
  const ask = <T>(type: Type) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, type });
    });
  return { child, ready, exited, ask };
}
