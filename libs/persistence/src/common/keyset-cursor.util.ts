/**
 * Opaque keyset cursors: base64url of `[isoInstant, id]`, the sort key of the last row
 * of a page. The next page reads rows strictly after it: no OFFSET, stable under inserts.
 */
export interface KeysetPosition {
  at: Date;
  id: string;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not valid');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(pos: KeysetPosition): string {
  return Buffer.from(JSON.stringify([pos.at.toISOString(), pos.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const at = new Date(value[0]);
      // years 1…9999 only: PostgreSQL refuses instants JavaScript accepts (year -271821) with a 500
      const year = at.getUTCFullYear();
      if (!Number.isNaN(at.getTime()) && year >= 1 && year <= 9999) return { at, id: value[1] };
    }
  } catch {
    /* fall through */
  }
  throw new InvalidCursorError();
}

export interface Page<T> {
  items: T[];
  /** cursor of the next page, absent on the last page */
  nextCursor?: string;
}

/** Given `limit + 1` rows, cut to `limit` and derive the next cursor. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => KeysetPosition): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(key(items[items.length - 1])) };
}
