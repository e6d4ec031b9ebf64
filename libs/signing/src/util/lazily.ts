/** `make()` run on the first call only; later calls answer the same value (module-level constants built on first use). */
export function lazily<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
