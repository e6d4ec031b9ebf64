import { CalendarErrorCode, WorkingCalendar, getDefaultCalendar, isWorkingDay } from '..';

const kinds = (year: number) => Object.fromEntries(getDefaultCalendar().year(year).days.map((d) => [d.date, d.kind]));

describe('working days: published 2025 and 2026 arrangements', () => {
  it('2025: Tết 25/1–2/2, Giỗ Tổ Mon 7/4, Sat 26/4 worked, Fri 2/5 off, 30/8–2/9', () => {
    for (const off of ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07',
      '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02']) {
      expect([off, isWorkingDay(off)]).toEqual([off, false]);
    }
    for (const off of ['2025-01-25', '2025-01-26', '2025-02-01', '2025-02-02', '2025-05-03', '2025-08-30', '2025-08-31']) {
      expect([off, isWorkingDay(off)]).toEqual([off, false]);
    }
    expect(isWorkingDay('2025-04-26')).toBe(true);
    expect(isWorkingDay('2025-02-03')).toBe(true);
    expect(isWorkingDay('2025-01-24')).toBe(true);
    expect(kinds(2025)['2025-04-26']).toBe('swap-workday');
    expect(kinds(2025)['2025-05-02']).toBe('swap-off');
    expect(kinds(2025)['2025-11-24']).toBeUndefined();
  });

  it('2026: 1/1–4/1 with Fri 2/1 off and Sat 10/1 worked, Tết 14/2–22/2, Mon 27/4 make-up, 24/11 off', () => {
    expect(isWorkingDay('2026-01-01')).toBe(false);
    expect(isWorkingDay('2026-01-02')).toBe(false);
    expect(isWorkingDay('2026-01-10')).toBe(true);
    for (let d = 14; d <= 22; d++) expect(isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-23')).toBe(true);
    expect(isWorkingDay('2026-04-27')).toBe(false);
    expect(kinds(2026)['2026-04-27']).toBe('make-up');
    expect(isWorkingDay('2026-04-30')).toBe(false);
    expect(isWorkingDay('2026-05-01')).toBe(false);
    expect(isWorkingDay('2026-09-02')).toBe(false);
    expect(isWorkingDay('2026-11-24')).toBe(false);
    expect(getDefaultCalendar().year(2026).published).toBe(true);
  });
});

describe('working days: computed years', () => {
  const cal = getDefaultCalendar();

  it('2027 (computed): Tết around 6/2 with make-up days for the weekend, Giỗ Tổ Fri 16/4, 1/5 Sat made up on Mon 3/5, 24/11', () => {
    const y = cal.year(2027);
    expect(y.published).toBe(false);
    const k = Object.fromEntries(y.days.map((d) => [d.date, d.kind]));
    expect(k['2027-02-05']).toBe('holiday'); // last day of the lunar year (Friday)
    expect(k['2027-02-06']).toBe('holiday'); // mùng 1 (Saturday)
    expect(k['2027-02-10']).toBe('make-up');
    expect(k['2027-02-11']).toBe('make-up');
    expect(isWorkingDay('2027-02-12')).toBe(true);
    expect(k['2027-04-16']).toBe('holiday');
    expect(k['2027-05-03']).toBe('make-up');
    expect(k['2027-11-24']).toBe('holiday');
    expect(y.days.find((d) => d.date === '2027-05-03')?.reason).toMatch(/Nghỉ bù/);
  });

  it('no 24/11 holiday before 2026, and every year 1900–2100 has a plausible number of working days', () => {
    expect(cal.dayInfo('2024-11-25').working).toBe(true);
    for (let y = 1900; y <= 2100; y++) {
      const n = cal.yearTable(y).count;
      expect(n).toBeGreaterThan(240);
      expect(n).toBeLessThan(254);
    }
  });

  it('describes a day with its kind, reason and legal reference', () => {
    expect(cal.dayInfo('2025-04-26')).toMatchObject({ weekday: 'Saturday', working: true, kind: 'swap-workday', source: 'published' });
    expect(cal.dayInfo('2025-04-27')).toEqual({ date: '2025-04-27', weekday: 'Sunday', working: false, kind: 'weekend' });
    expect(cal.dayInfo('2025-04-25T23:30:00+07:00').weekday).toBe('Friday');
    expect(cal.dayInfo('2025-04-25T17:30:00Z').weekday).toBe('Saturday');
  });
});

describe('overrides', () => {
  const ref = { legalReference: 'QĐ 1/2027/QĐ-UBND', reason: 'Nghỉ bù bão' };

  it('an admin override changes the day and what is computed afterwards', () => {
    const base = new WorkingCalendar();
    const cal = base.withOverrides([{ date: '2027-03-10', kind: 'swap-off', ...ref }, { date: '2027-03-13', kind: 'swap-workday', ...ref }]);
    expect(base.isWorkingDay('2027-03-10')).toBe(true);
    expect(cal.isWorkingDay('2027-03-10')).toBe(false);
    expect(cal.isWorkingDay('2027-03-13')).toBe(true);
    expect(cal.dayInfo('2027-03-10')).toMatchObject({ kind: 'swap-off', source: 'override', reason: 'Nghỉ bù bão' });
    expect(base.addWorkingTime('2027-03-09T16:00', 'PT2H')).toBe('2027-03-10T08:30:00+07:00');
    expect(cal.addWorkingTime('2027-03-09T16:00', 'PT2H')).toBe('2027-03-11T08:30:00+07:00');
  });

  it.each([
    [[{ date: '2027-03-10', kind: 'holiday', ...ref }, { date: '2027-03-10', kind: 'swap-off', ...ref }], CalendarErrorCode.OVERLAPPING_OVERRIDES],
    [[{ date: '2027-03-10', kind: 'holiday', reason: ' ', legalReference: 'x' }], CalendarErrorCode.OVERRIDE_WITHOUT_REASON],
    [[{ date: '2027-03-10', kind: 'holiday', reason: 'x', legalReference: '' }], CalendarErrorCode.OVERRIDE_WITHOUT_LEGAL_REFERENCE],
    [[{ date: '2027-03-10', kind: 'swap-workday', ...ref }], CalendarErrorCode.INVALID_OVERRIDE],
    [[{ date: '2027-03-10', kind: 'day-off', ...ref }], CalendarErrorCode.INVALID_OVERRIDE],
    [[{ date: '2101-01-01', kind: 'holiday', ...ref }], CalendarErrorCode.DATE_OUT_OF_RANGE],
    [[{ date: '2027-02-30', kind: 'holiday', ...ref }], CalendarErrorCode.INVALID_INSTANT],
  ])('rejects bad overrides %j with %s', (overrides, code) => {
    expect(() => new WorkingCalendar({ overrides: overrides as never })).toThrow(expect.objectContaining({ code }));
  });

  it('rejects years outside 1900–2100', () => {
    expect(() => isWorkingDay('1899-12-31')).toThrow(expect.objectContaining({ code: CalendarErrorCode.DATE_OUT_OF_RANGE }));
    expect(() => getDefaultCalendar().year(2101)).toThrow(expect.objectContaining({ code: CalendarErrorCode.DATE_OUT_OF_RANGE }));
  });
});
