import type { z } from 'zod';

/** Validates a request part; a ZodError becomes 400 VALIDATION_FAILED in the filter. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return schema.parse(value);
}
