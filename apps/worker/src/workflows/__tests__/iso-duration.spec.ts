import { addIsoDuration, cycleInstant } from '../iso-duration';

describe('timer instants in the workflow', () => {
  it('adds clock and calendar parts of an ISO 8601 duration', () => {
    expect(addIsoDuration('2026-03-02T01:00:00.000Z', 'PT1H30M')).toBe('2026-03-02T02:30:00.000Z');
    expect(addIsoDuration('2026-03-02T01:00:00.000Z', 'P1DT2S')).toBe('2026-03-03T01:00:02.000Z');
    // a month is a calendar month (Vietnam local date), clamped to the month's end
    expect(addIsoDuration('2026-01-31T03:00:00.000Z', 'P1M')).toBe('2026-02-28T03:00:00.000Z');
  });

  it('rejects a malformed duration', () => {
    expect(() => addIsoDuration('2026-03-02T01:00:00.000Z', '1 hour')).toThrow();
  });

  it('arms a cycle one period after the previous firing, or at its explicit start first', () => {
    expect(cycleInstant('R3/PT10M', '2026-03-02T01:00:00.000Z', 0)).toBe('2026-03-02T01:10:00.000Z');
    expect(cycleInstant('R/2026-05-01T00:00:00Z/P1D', '2026-03-02T01:00:00.000Z', 0)).toBe('2026-05-01T00:00:00.000Z');
    expect(cycleInstant('R/2026-05-01T00:00:00Z/P1D', '2026-05-01T00:00:00.000Z', 1)).toBe('2026-05-02T00:00:00.000Z');
    expect(() => cycleInstant('PT10M', '2026-03-02T01:00:00.000Z', 0)).toThrow(/repeating interval/);
  });
});
