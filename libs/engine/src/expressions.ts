/** FEEL through feelin (Camunda 8 dialect); a leading '=' is optional. */
import { date, dateAndTime, evaluate, FeelRange } from 'feelin';
import { ExpressionError } from './expression-error';
import { FEEL_LIMITS, chargeFeelWork, countedLists, feelLimitsOn, setFeelLimits, type FeelLimits } from './feel-limits';

/**
 * FEEL's now()/today() would read the host clock and time zone, which differ between
 * workers and replays. While the engine runs, they are bound to EngineOptions.now()
 * (UTC). Set per synchronous engine call, so no two instances ever share it.
 */
let clock: (() => string) | undefined;
export function withClock<T>(now: () => string, fn: () => T, limits?: FeelLimits): T {
  const previous = clock;
  clock = now;
  const previousLimits = setFeelLimits(limits);
  try {
    return fn();
  } finally {
    clock = previous;
    setFeelLimits(previousLimits);
  }
}

// a range is materialised only through FeelRange#map (for/some/every over `a..b`): charge its
// length before it is built, so `for i in 1..10000000` is refused at once instead of running
const rangeMap = FeelRange.prototype.map;
FeelRange.prototype.map = function map<T>(this: FeelRange, fn: (value: unknown) => T): T[] {
  if (feelLimitsOn()) {
    const { start, end } = this as unknown as { start: unknown; end: unknown };
    if (typeof start === 'number' && typeof end === 'number') chargeFeelWork(Math.floor(Math.abs(end - start)) + 1);
  }
  return rangeMap.call(this, fn) as T[];
};

export { ExpressionError };

export function stripEq(expr: string): string {
  const t = expr.trim();
  return t.startsWith('=') ? t.slice(1) : t;
}

/** FEEL values (dates, durations…) → JSON; functions/ranges → null */
export function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function') return null;
  const s = JSON.stringify(value);
  return s === undefined ? null : JSON.parse(s);
}

/**
 * feelin converts the whole context on every evaluation, so only the variables whose
 * names occur in the expression text are passed (a FEEL expression can only reach a
 * variable by writing its name).
 */
function slim(expr: string, ctx: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const limited = feelLimitsOn();
  for (const k of Object.keys(ctx)) if (expr.includes(k)) out[k] = limited ? countedLists(ctx[k]) : ctx[k];
  const now = clock;
  if (now && expr.includes('now') && !('now' in out)) out.now = () => dateAndTime(now());
  if (now && expr.includes('today') && !('today' in out)) out.today = () => date(now().slice(0, 10));
  return out;
}

export function feel(expr: string, ctx: Record<string, unknown>): unknown {
  let result: { value: unknown };
  const text = stripEq(expr);
  const limited = feelLimitsOn();
  if (limited) chargeFeelWork(0, true);
  try {
    result = evaluate(text, slim(text, ctx));
  } catch (err) {
    throw new ExpressionError(`failed to evaluate '${expr}': ${(err as Error).message}`);
  }
  const value = toJson(result.value);
  if (limited) {
    const size = typeof value === 'string' ? value.length : value !== null && typeof value === 'object' ? JSON.stringify(value).length : 0;
    if (size > FEEL_LIMITS.maxResultChars) {
      throw new ExpressionError(`the result of '${text.length > 80 ? text.slice(0, 80) + '…' : text}' is ${size} characters of JSON, over the limit of ${FEEL_LIMITS.maxResultChars}`);
    }
  }
  return value;
}

/** conditions: only `true` is true (null / non-boolean → false, as FEEL's "not true") */
export function feelBool(expr: string, ctx: Record<string, unknown>): boolean {
  return feel(expr, ctx) === true;
}

/**
 * Camunda 8 sequence-flow / completion conditions: the result must be a boolean; anything
 * else (null from a missing variable or an incomparable value, a number…) is an incident,
 * never silently false.
 */
export function feelCondition(expr: string, ctx: Record<string, unknown>): boolean {
  const value = feel(expr, ctx);
  if (typeof value === 'boolean') return value;
  const type = value === null ? 'NULL' : Array.isArray(value) ? 'ARRAY' : typeof value === 'object' ? 'OBJECT' : typeof value === 'number' ? 'NUMBER' : 'STRING';
  throw new ExpressionError(`Expected result of the expression '${stripEq(expr)}' to be 'BOOLEAN', but was '${type}'`);
}

/** attribute that is either a literal or, when it starts with '=', a FEEL expression */
export function literalOrFeel(value: string, ctx: Record<string, unknown>): unknown {
  return value.trim().startsWith('=') ? feel(value, ctx) : value;
}
