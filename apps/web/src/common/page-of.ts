import type { Page } from './types';

/** Accepts either a bare array or a `{items|data, nextCursor}` page from the API. */
export function pageOf<T>(body: unknown): Page<T> {
  if (Array.isArray(body)) return { items: body as T[] };
  const b = (body ?? {}) as Record<string, unknown>;
  const items = (b.items ?? b.data ?? b.results ?? []) as T[];
  const nextCursor = (b.nextCursor ?? b.cursor ?? null) as string | null;
  return { items: Array.isArray(items) ? items : [], nextCursor };
}
