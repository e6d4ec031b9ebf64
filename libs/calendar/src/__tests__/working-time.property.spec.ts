import fc from 'fast-check';
import { WorkingCalendar, formatInstant, toEpochMs } from '..';

const cal = new WorkingCalendar();
const MIN = 60_000;
const opts = { agency: undefined };

// Instants between 1990 and 2090, and working-time durations from 1 minute to 400 working days.
const instant = fc.integer({ min: toEpochMs('1990-01-01T00:00:00+07:00') / MIN, max: toEpochMs('2090-01-01T00:00:00+07:00') / MIN }).map((m) => m * MIN);
const duration = fc.integer({ min: 1, max: 400 * 8 * 60 }).map((m) => m * MIN);
const params = { numRuns: 500 };

describe('working-time arithmetic: properties', () => {
  it('is monotonic in the duration and in the start', () => {
    fc.assert(
      fc.property(instant, duration, duration, (t, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(cal.addWorkingTimeMs(t, lo)).toBeLessThanOrEqual(cal.addWorkingTimeMs(t, hi));
      }),
      params,
    );
    fc.assert(
      fc.property(instant, instant, duration, (s, u, d) => {
        const [lo, hi] = s <= u ? [s, u] : [u, s];
        expect(cal.addWorkingTimeMs(lo, d)).toBeLessThanOrEqual(cal.addWorkingTimeMs(hi, d));
      }),
      params,
    );
  });

  it('is additive on normalised instants: add(add(t, a), b) = add(t, a + b)', () => {
    fc.assert(
      fc.property(instant, duration, duration, (t0, a, b) => {
        const t = cal.normaliseMs(t0);
        expect(formatInstant(cal.addWorkingTimeMs(cal.addWorkingTimeMs(t, a), b))).toBe(formatInstant(cal.addWorkingTimeMs(t, a + b)));
      }),
      params,
    );
  });

  it('is the inverse of workingTimeBetween', () => {
    fc.assert(
      fc.property(instant, duration, (t0, d) => {
        const t = cal.normaliseMs(t0);
        const due = cal.addWorkingTimeMs(t, d);
        expect(cal.workingTimeBetweenMs(t, due)).toBe(d);
        expect(cal.workingTimeBetweenMs(t0, due)).toBe(d);
        expect(cal.addWorkingTimeMs(t, cal.workingTimeBetweenMs(t, due))).toBe(due);
        expect(cal.subtractWorkingTimeMs(due, d)).toBeLessThanOrEqual(t);
        expect(cal.workingTimeBetweenMs(cal.subtractWorkingTimeMs(due, d), due)).toBe(d);
      }),
      params,
    );
  });

  it('never lands on a non-working instant', () => {
    fc.assert(
      fc.property(instant, duration, fc.constantFrom(undefined, '15:00', '10:00'), (t, d, cutoff) => {
        expect(cal.isWorkingInstant(cal.addWorkingTimeMs(t, d, { cutoff }), opts)).toBe(true);
        expect(cal.isWorkingInstant(cal.normaliseMs(t, { cutoff }), opts)).toBe(true);
        expect(cal.isWorkingInstant(cal.subtractWorkingTimeMs(t, d), opts)).toBe(true);
      }),
      params,
    );
  });

  it('working time between two instants is never more than their elapsed time, and adds up across a midpoint', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q);
        const ab = cal.workingTimeBetweenMs(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(b - a);
        expect(ab + cal.workingTimeBetweenMs(b, c)).toBe(cal.workingTimeBetweenMs(a, c));
      }),
      params,
    );
  });
});
