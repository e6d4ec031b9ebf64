import {
  CalendarErrorCode, WorkingCalendar, addWorkingTime, formatWorkingDuration, normalise, subtractWorkingTime, workingTimeBetween,
} from '..';

const H = 3_600_000;

describe('normalise (domain.md §3.2)', () => {
  it.each([
    ['before opening → opening', '2025-04-22T06:15', '2025-04-22T07:30:00+07:00'],
    ['in the morning session → unchanged', '2025-04-22T09:10:11', '2025-04-22T09:10:11+07:00'],
    ['at lunch → afternoon start', '2025-04-22T12:00', '2025-04-22T13:00:00+07:00'],
    ['at 11:30 sharp → afternoon start', '2025-04-22T11:30', '2025-04-22T13:00:00+07:00'],
    ['after closing → next working morning', '2025-04-22T18:00', '2025-04-23T07:30:00+07:00'],
    ['Friday evening → Monday morning', '2025-04-18T17:01', '2025-04-21T07:30:00+07:00'],
    ['on a holiday → next working morning', '2025-04-30T09:00', '2025-05-05T07:30:00+07:00'],
    ['Friday 25/4/2025 evening → the worked Saturday 26/4', '2025-04-25T17:30', '2025-04-26T07:30:00+07:00'],
    ['UTC input is read as an instant', '2025-04-22T05:00:00Z', '2025-04-22T13:00:00+07:00'],
  ])('%s', (_label, input, expected) => {
    expect(normalise(input)).toBe(expected);
  });
});

describe('addWorkingTime (domain.md §3)', () => {
  it('online receipt: submitted Friday 16:30 + PT8H → Monday 16:30', () => {
    expect(addWorkingTime('2025-04-18T16:30:00+07:00', 'PT8H')).toBe('2025-04-21T16:30:00+07:00');
  });

  it('Friday 2025-04-25 17:30 + PT8H → Saturday 2025-04-26 17:00 (a worked Saturday)', () => {
    expect(addWorkingTime('2025-04-25T17:30:00+07:00', 'PT8H')).toBe('2025-04-26T17:00:00+07:00');
  });

  it('P1D is PT8H of working time', () => {
    expect(addWorkingTime('2025-04-22T09:00', 'P1D')).toBe(addWorkingTime('2025-04-22T09:00', 'PT8H'));
    expect(addWorkingTime('2025-04-22T09:00', 'P1D')).toBe('2025-04-23T09:00:00+07:00');
  });

  it('lunch is not counted: 10:30 + PT2H → 14:00', () => {
    expect(addWorkingTime('2025-04-22T10:30', 'PT2H')).toBe('2025-04-22T14:00:00+07:00');
  });

  it('a result on a session boundary is the end of the session, not the next opening', () => {
    expect(addWorkingTime('2025-04-22T07:30', 'PT4H')).toBe('2025-04-22T11:30:00+07:00');
    expect(addWorkingTime('2025-04-22T07:30', 'P1D')).toBe('2025-04-22T17:00:00+07:00');
  });

  it('15:00 cut-off: received after 15:00 counts from the next working day', () => {
    expect(addWorkingTime('2025-04-22T15:30', 'P1D', { cutoff: '15:00' })).toBe('2025-04-23T17:00:00+07:00');
    expect(addWorkingTime('2025-04-22T14:30', 'P1D', { cutoff: '15:00' })).toBe('2025-04-23T14:30:00+07:00');
    expect(addWorkingTime('2025-04-22T15:00', 'P1D', { cutoff: '15:00' })).toBe('2025-04-23T15:00:00+07:00');
    // chứng thực: same day, or next working day when received after 15:00
    expect(addWorkingTime('2025-04-25T15:10', 'PT0S', { cutoff: '15:00' })).toBe('2025-04-26T07:30:00+07:00');
    expect(addWorkingTime('2025-04-22T15:30', 'P1D')).toBe('2025-04-23T15:30:00+07:00');
  });

  it('15 working days across the 30/4–1/5/2025 break', () => {
    expect(addWorkingTime('2025-04-25T08:00', 'P15D')).toBe('2025-05-20T08:00:00+07:00');
  });

  it('across Tết 2026 and across years', () => {
    expect(addWorkingTime('2026-02-13T16:00', 'PT2H')).toBe('2026-02-23T08:30:00+07:00');
    expect(addWorkingTime('2025-12-31T16:00', 'PT2H')).toBe('2026-01-05T08:30:00+07:00');
    expect(addWorkingTime('2026-01-09T16:00', 'PT2H')).toBe('2026-01-10T08:30:00+07:00'); // Sat 10/1/2026 is worked
  });

  it('uses the office hours of an agency', () => {
    const cal = new WorkingCalendar({ agencies: { 'UBND-X': { sessions: [{ start: '08:00', end: '12:00' }, { start: '13:30', end: '17:30' }] } } });
    expect(cal.addWorkingTime('2025-04-22T11:00', 'PT2H', { agency: 'UBND-X' })).toBe('2025-04-22T14:30:00+07:00');
    expect(cal.normalise('2025-04-22T07:45', { agency: 'UBND-X' })).toBe('2025-04-22T08:00:00+07:00');
    expect(() => cal.addWorkingTime('2025-04-22T11:00', 'PT2H', { agency: 'NOPE' })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.UNKNOWN_AGENCY }),
    );
  });

  it('gives the same answer whatever the input offset', () => {
    expect(addWorkingTime('2025-04-18T09:30:00Z', 'PT8H')).toBe('2025-04-21T16:30:00+07:00');
    expect(addWorkingTime(new Date('2025-04-18T09:30:00Z'), 'PT8H')).toBe('2025-04-21T16:30:00+07:00');
    expect(addWorkingTime(Date.UTC(2025, 3, 18, 9, 30), 'PT8H')).toBe('2025-04-21T16:30:00+07:00');
  });
});

describe('subtractWorkingTime and workingTimeBetween', () => {
  it('due − 1 working day (apology deadline)', () => {
    expect(subtractWorkingTime('2025-04-21T16:30', 'P1D')).toBe('2025-04-18T16:30:00+07:00');
    expect(subtractWorkingTime('2025-05-05T10:00', 'P1D')).toBe('2025-04-29T10:00:00+07:00');
    expect(subtractWorkingTime('2025-04-23T17:00', 'P1D')).toBe('2025-04-22T17:00:00+07:00');
  });

  it('counts only office hours on working days', () => {
    expect(workingTimeBetween('2025-04-18T16:30', '2025-04-21T16:30')).toBe(8 * H);
    expect(workingTimeBetween('2025-04-29T07:30', '2025-05-05T17:00')).toBe(16 * H);
    expect(workingTimeBetween('2025-05-05T17:00', '2025-04-29T07:30')).toBe(-16 * H);
    expect(workingTimeBetween('2024-01-01T00:00', '2025-01-01T00:00') / (8 * H)).toBeGreaterThan(240);
    expect(formatWorkingDuration(workingTimeBetween('2025-04-22T10:00', '2025-04-23T14:30'))).toBe('P1DT3H');
  });
});

describe('bad input', () => {
  it.each(['P', 'PT', '15D', 'P1.5.2D', 'PT8X', '', 'P1M', 'P1Y', '-P1D'])('rejects duration %j', (d) => {
    expect(() => addWorkingTime('2025-04-22T09:00', d)).toThrow(expect.objectContaining({ code: CalendarErrorCode.INVALID_DURATION }));
  });

  it.each(['1899-12-31T23:00:00+07:00', '2101-01-01T08:00:00+07:00'])('rejects instant %s outside 1900–2100', (i) => {
    expect(() => addWorkingTime(i, 'PT8H')).toThrow(expect.objectContaining({ code: CalendarErrorCode.DATE_OUT_OF_RANGE }));
  });

  it('rejects a result beyond 2100', () => {
    expect(() => addWorkingTime('2100-12-30T09:00', 'P10D')).toThrow(expect.objectContaining({ code: CalendarErrorCode.DATE_OUT_OF_RANGE }));
  });

  it.each(['2025-02-30T09:00', 'yesterday', '2025-04-22T25:00', '2025-04-22T09:00+99:00'])('rejects instant %j', (i) => {
    expect(() => normalise(i)).toThrow(expect.objectContaining({ code: CalendarErrorCode.INVALID_INSTANT }));
  });

  it('rejects a bad cut-off and bad office hours', () => {
    expect(() => addWorkingTime('2025-04-22T09:00', 'PT1H', { cutoff: '3pm' })).toThrow(expect.objectContaining({ code: CalendarErrorCode.INVALID_CUTOFF }));
    expect(() => new WorkingCalendar({ officeHours: { sessions: [{ start: '13:00', end: '11:30' }] } })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.INVALID_OFFICE_HOURS }),
    );
    expect(() => new WorkingCalendar({ officeHours: { sessions: [{ start: '07:30', end: '12:00' }, { start: '11:00', end: '17:00' }] } })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.INVALID_OFFICE_HOURS }),
    );
  });
});
