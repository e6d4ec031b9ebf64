import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import { ApiError } from '../errors/api-error';

const MAX_DEPTH = 64;

/**
 * Global pipe: refuses NUL characters (U+0000) in every body, query and route parameter a
 * handler receives (multipart handlers call assertNoNulBytes on their fields and file name),
 * and query parameters written as arrays/objects (`?processKey[]=x`). PostgreSQL cannot store them in text columns (the
 * insert would fail with a 500 after part of the work was done) and no user-facing text
 * needs them. File contents (Buffers) are not text and are left alone.
 */
@Injectable()
export class RejectNulBytesPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type === 'body' || meta.type === 'query' || meta.type === 'param') assertNoNulBytes(value);
    if (meta.type === 'query' && value && typeof value === 'object') {
      // Express 5's query parser keeps `processKey[]=x` as a key named "processKey[]": the
      // schema would drop it and the filter would silently not apply
      const bracketed = Object.keys(value).filter((k) => k.includes('['));
      if (bracketed.length) throw ApiError.badRequest(`array/object query parameters are not supported: ${bracketed.join(', ')}`, { parameters: bracketed });
    }
    return value;
  }
}

/** The same check for handlers that read the request themselves (multipart fields). */
export function assertNoNulBytes(value: unknown): void {
  const path = findNul(value, '', 0);
  if (path !== undefined) {
    // the same shape as a schema refusal (400 VALIDATION_FAILED, details [{path, message}])
    throw new ApiError(ErrorCode.VALIDATION_FAILED, 'text must not contain NUL characters (\\u0000)', [{ path: path || '(value)', message: 'must not contain NUL characters' }]);
  }
}

function findNul(v: unknown, path: string, depth: number): string | undefined {
  if (typeof v === 'string') return v.includes('\u0000') ? path : undefined;
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH || Buffer.isBuffer(v) || v instanceof Uint8Array) return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = findNul(v[i], `${path}[${i}]`, depth + 1);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  for (const [k, child] of Object.entries(v)) {
    const key = path ? `${path}.${k}` : k;
    if (k.includes('\u0000')) return key;
    // an uploaded file: only its name is text
    if (k === 'buffer' || k === 'stream') continue;
    const hit = findNul(child, key, depth + 1);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
