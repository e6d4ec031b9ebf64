import {
  CalendarErrorCode, WorkingCalendar, getDefaultCalendar, pauseSlaClock, resumeSlaClock, shiftDeadlines, slaRemaining, startSlaClock,
} from '..';

const cal = getDefaultCalendar();

describe('SLA clock with pause/resume (supplement request, domain.md §3.5)', () => {
  it('keeps the remaining working time while paused and resumes from it', () => {
    // received Tue 22/4/2025 09:00 with 3 working days → due Fri 25/4 09:00
    const started = startSlaClock(cal, '2025-04-22T09:00', 'P3D');
    expect(started.dueAt).toBe('2025-04-25T09:00:00+07:00');
    // supplement requested Wed 23/4 09:00: 2 working days left
    const paused = pauseSlaClock(cal, started, '2025-04-23T09:00');
    expect(paused).toMatchObject({ state: 'paused', dueAt: null, remainingMs: 16 * 3_600_000 });
    expect(slaRemaining(cal, paused, '2025-05-10T00:00')).toBe('P2D');
    // resubmitted Tue 6/5 14:00 (after the 30/4–1/5 break): due two working days later
    const resumed = resumeSlaClock(cal, paused, '2025-05-06T14:00');
    expect(resumed.dueAt).toBe('2025-05-08T14:00:00+07:00');
    expect(resumed.pauses).toEqual([{ from: '2025-04-23T09:00:00+07:00', to: '2025-05-06T14:00:00+07:00' }]);
    expect(slaRemaining(cal, resumed, '2025-05-07T14:00')).toBe('P1D');
  });

  it('an overdue clock stays overdue by the same working time after a pause', () => {
    const started = startSlaClock(cal, '2025-04-22T09:00', 'PT8H');
    const paused = pauseSlaClock(cal, started, '2025-04-23T11:00');
    expect(paused.remainingMs).toBe(-2 * 3_600_000);
    const resumed = resumeSlaClock(cal, paused, '2025-04-28T09:00');
    expect(resumed.dueAt).toBe('2025-04-26T16:30:00+07:00'); // 1.5 h on Monday morning + 0.5 h on the worked Saturday 26/4
    expect(slaRemaining(cal, resumed, '2025-04-28T09:00')).toBe('-PT2H');
  });

  it('refuses to pause twice or resume a running clock', () => {
    const started = startSlaClock(cal, '2025-04-22T09:00', 'P1D');
    expect(() => resumeSlaClock(cal, started, '2025-04-22T10:00')).toThrow(expect.objectContaining({ code: CalendarErrorCode.INVALID_CLOCK_STATE }));
    const paused = pauseSlaClock(cal, started, '2025-04-22T10:00');
    expect(() => pauseSlaClock(cal, paused, '2025-04-22T11:00')).toThrow(expect.objectContaining({ code: CalendarErrorCode.INVALID_CLOCK_STATE }));
    expect(() => resumeSlaClock(cal, paused, '2025-04-22T09:00')).toThrow(expect.objectContaining({ code: CalendarErrorCode.INVALID_CLOCK_STATE }));
  });
});

describe('shiftDeadlines (what a calendar change moves)', () => {
  it('re-applies each open deadline’s working-time budget under the new calendar', () => {
    const before = new WorkingCalendar();
    const after = before.withOverrides([{ date: '2027-03-10', kind: 'swap-off', reason: 'Bão', legalReference: 'QĐ 12/2027' }]);
    const shifts = shiftDeadlines(before, after, [
      { id: 'a', startedAt: '2027-03-09T09:00', dueAt: before.addWorkingTime('2027-03-09T09:00', 'P2D') },
      { id: 'b', startedAt: '2027-03-01T09:00', dueAt: '2027-03-02T09:00:00+07:00' },
    ]);
    expect(shifts).toEqual([
      { id: 'a', startedAt: '2027-03-09T09:00:00+07:00', oldDue: '2027-03-11T09:00:00+07:00', newDue: '2027-03-12T09:00:00+07:00', moved: true, budgetMs: 16 * 3_600_000 },
      { id: 'b', startedAt: '2027-03-01T09:00:00+07:00', oldDue: '2027-03-02T09:00:00+07:00', newDue: '2027-03-02T09:00:00+07:00', moved: false, budgetMs: 8 * 3_600_000 },
    ]);
  });

  it('unknown agencies fall back to the default hours when the calendar says so', () => {
    const lenient = new WorkingCalendar({ unknownAgency: 'default' });
    expect(lenient.addWorkingTime('2025-04-18T16:30', 'PT8H', { agency: 'UBND-Y' })).toBe('2025-04-21T16:30:00+07:00');
    expect(() => new WorkingCalendar().addWorkingTime('2025-04-18T16:30', 'PT8H', { agency: 'UBND-Y' })).toThrow(
      expect.objectContaining({ code: CalendarErrorCode.UNKNOWN_AGENCY }),
    );
  });
});
