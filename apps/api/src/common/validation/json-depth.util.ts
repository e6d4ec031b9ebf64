import { ErrorCode } from '@tthc/contracts';
import { ApiError } from '../errors/api-error';

/** Deeper JSON is refused: real variables nest a few levels; 100,000 levels parse fine but blow the stack later. */
export const MAX_JSON_DEPTH = 64;

/**
 * Linear scan of a raw JSON body for its nesting depth (hand-written: JSON.parse has no
 * depth option, and a deep value parses but makes every later recursive walk — Temporal's
 * payload converter, canonical JSON for the audit log — throw RangeError, a 500). Brackets
 * inside strings are skipped; malformed JSON is left to the parser.
 */
export function jsonDepth(raw: Uint8Array, stopAbove = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max && (max = depth) > stopAbove) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** body-parser `verify` hook: throws 400 VALIDATION_FAILED for JSON nested deeper than MAX_JSON_DEPTH. */
export function verifyJsonDepth(_req: unknown, _res: unknown, raw: Buffer): void {
  if (jsonDepth(raw) > MAX_JSON_DEPTH) {
    throw new ApiError(
      ErrorCode.VALIDATION_FAILED,
      `JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`,
      [{ path: '', message: `nesting deeper than ${MAX_JSON_DEPTH} levels` }],
    );
  }
}
