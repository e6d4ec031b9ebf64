/**
 * Deterministic bounds on one FEEL evaluation (EngineOptions.limits). feelin runs
 * synchronously inside the workflow sandbox, where a wall-clock limit would make the
 * outcome depend on the machine (and break replay). Instead the evaluation is charged
 * for the work it can do at scale, and refused past a fixed budget:
 *
 * - every element of a numeric range it enumerates (`for i in 1..n`, `some x in a..b`) —
 *   charged before the range is built;
 * - every element visited by a list method (map, filter, reduce, some, includes…) on the
 *   lists that come from variables and on every list derived from them (a counting Array
 *   subclass; derived lists keep the class through Array[Symbol.species]) — this is what
 *   iteration contexts, filters and the list built-ins use;
 * - and the JSON size of its result is bounded.
 *
 * Same inputs → same charges → same refusal on every worker and every replay.
 */
import { ExpressionError } from './expression-error';

export interface FeelLimits {
  /** elements enumerated / visited per evaluation */
  maxIterations: number;
  /** JSON characters of one result */
  maxResultChars: number;
}

export const FEEL_LIMITS: FeelLimits = { maxIterations: 100_000, maxResultChars: 1_048_576 };

let active: FeelLimits | undefined;
let used = 0;

/** sets the limits for the current synchronous engine call; returns the previous ones */
export function setFeelLimits(limits: FeelLimits | undefined): FeelLimits | undefined {
  const previous = active;
  active = limits;
  return previous;
}

export function feelLimitsOn(): boolean {
  return active !== undefined;
}

/** charges `n` units of work to the running evaluation (`reset` starts a new one) */
export function chargeFeelWork(n: number, reset = false): void {
  if (!active) return;
  if (reset) used = 0;
  used += n;
  if (used > active.maxIterations) {
    const over = used;
    used = 0;
    throw new ExpressionError(`FEEL evaluation stopped: more than ${active.maxIterations} list/range elements visited (${over}); the expression iterates too much`);
  }
}

/** an Array whose iteration methods charge their length; derived arrays keep the class */
class CountedList<T> extends Array<T> {}
const CHARGED = ['map', 'filter', 'reduce', 'reduceRight', 'forEach', 'some', 'every', 'find', 'findIndex', 'indexOf', 'lastIndexOf', 'includes', 'join', 'slice', 'concat', 'flat', 'flatMap', 'sort'] as const;
for (const name of CHARGED) {
  const base = Array.prototype[name] as (...args: unknown[]) => unknown;
  Object.defineProperty(CountedList.prototype, name, {
    configurable: true,
    writable: true,
    value: function charged(this: unknown[], ...args: unknown[]) {
      chargeFeelWork(this.length);
      return base.apply(this, args);
    },
  });
}

/** a copy of a variable value in which every list is a CountedList (objects are copied shallowly per level) */
export function countedLists(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out = new CountedList<unknown>();
    for (const item of value) out.push(countedLists(item));
    return out;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = countedLists(v);
    return out;
  }
  return value;
}
