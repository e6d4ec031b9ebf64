import { CalendarErrorCode, WorkingCalendar, computeDue } from '..';

describe('computeDue (the worker activity)', () => {
  it('working calendar: same as addWorkingTime, with agency and cut-off', () => {
    expect(computeDue({ from: '2025-04-18T16:30:00+07:00', duration: 'PT8H', calendar: 'working' })).toBe('2025-04-21T16:30:00+07:00');
    expect(computeDue({ from: '2025-04-22T15:30:00+07:00', duration: 'P1D', calendar: 'working', cutoff: '15:00' })).toBe('2025-04-23T17:00:00+07:00');
  });

  it('absolute calendar: elapsed time and local calendar months, ignoring holidays', () => {
    expect(computeDue({ from: '2025-04-29T10:00:00+07:00', duration: 'P2D', calendar: 'absolute' })).toBe('2025-05-01T10:00:00+07:00');
    expect(computeDue({ from: '2025-04-29T03:00:00Z', duration: 'PT30M', calendar: 'absolute' })).toBe('2025-04-29T10:30:00+07:00');
    expect(computeDue({ from: '2025-01-31T10:00:00+07:00', duration: 'P1M', calendar: 'absolute' })).toBe('2025-02-28T10:00:00+07:00');
    expect(computeDue({ from: '2024-02-29T10:00:00+07:00', duration: 'P1Y', calendar: 'absolute' })).toBe('2025-02-28T10:00:00+07:00');
  });

  it('honours a calendar built from the database', () => {
    const cal = new WorkingCalendar({ overrides: [{ date: '2025-04-21', kind: 'holiday', reason: 'Nghỉ đột xuất', legalReference: 'QĐ test' }] });
    expect(computeDue({ from: '2025-04-18T16:30:00+07:00', duration: 'PT8H', calendar: 'working' }, cal)).toBe('2025-04-22T16:30:00+07:00');
  });

  it('rejects bad input with typed errors', () => {
    expect(() => computeDue({ from: '2025-04-18T16:30', duration: 'soon', calendar: 'working' })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.INVALID_DURATION }),
    );
    expect(() => computeDue({ from: '1800-01-01', duration: 'P1D', calendar: 'absolute' })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.DATE_OUT_OF_RANGE }),
    );
  });
});
