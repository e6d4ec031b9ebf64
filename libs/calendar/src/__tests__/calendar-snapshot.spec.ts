import { calendarFromSnapshot, calendarSnapshot, computeDueWith, PUBLISHED_YEARS, WorkingCalendar } from '..';

/** a database-like calendar: published years, an admin override, two agencies with their own hours */
const source = new WorkingCalendar({
  publishedYears: PUBLISHED_YEARS,
  overrides: [
    { date: '2026-04-21', kind: 'holiday', reason: 'Nghỉ đột xuất', legalReference: 'QĐ 1/TEST' },
    { date: '2026-04-25', kind: 'swap-workday', reason: 'Làm bù', legalReference: 'QĐ 2/TEST' },
  ],
  agencies: {
    'UBND-A': { sessions: [{ start: '06:00', end: '10:00' }, { start: '14:00', end: '18:00' }] },
    'UBND-B': { sessions: [{ start: '00:00', end: '23:59' }] },
  },
  unknownAgency: 'default',
});

const starts = ['2026-04-17T16:30:00+07:00', '2026-04-20T11:45:00+07:00', '2026-04-24T09:00:00+07:00', '2026-01-30T08:00:00+07:00', '2026-12-31T16:59:00+07:00'];
const durations = ['PT1H', 'PT8H', 'P1D', 'P3D', 'PT217S', 'P15D'];

describe('calendar snapshot (pinned in a workflow input)', () => {
  it.each([undefined, 'UBND-A', 'UBND-B', 'UBND-WITHOUT-HOURS'])('gives the same due instants as the calendar it was taken from (agency %s)', (agency) => {
    const pinned = calendarFromSnapshot(calendarSnapshot(source, 'v1', agency));
    for (const from of starts) {
      for (const duration of durations) {
        const req = { from, duration, calendar: 'working' as const, agency };
        expect(computeDueWith(pinned, req)).toBe(computeDueWith(source, req));
      }
    }
  });

  it('is small JSON: no reasons or legal references, only the agency’s office hours', () => {
    const snapshot = calendarSnapshot(source, 'v1', 'UBND-A');
    expect(snapshot).toMatchObject({ version: 'v1', agency: 'UBND-A', officeHours: { sessions: [{ start: '06:00', end: '10:00' }, { start: '14:00', end: '18:00' }] } });
    expect(snapshot.overrides).toEqual(['2026-04-21:holiday', '2026-04-25:swap-workday']);
    expect(JSON.stringify(snapshot)).not.toContain('UBND-B');
    expect(JSON.stringify(snapshot).length).toBeLessThan(2500);
  });

  it('an override in the changed calendar moves the instant the snapshot gives', () => {
    const from = '2026-04-20T16:00:00+07:00';
    const before = computeDueWith(calendarFromSnapshot(calendarSnapshot(new WorkingCalendar(), 'v1')), { from, duration: 'PT8H', calendar: 'working' });
    const after = computeDueWith(calendarFromSnapshot(calendarSnapshot(source, 'v2')), { from, duration: 'PT8H', calendar: 'working' });
    expect(before).toBe('2026-04-21T16:00:00+07:00');
    expect(after).toBe('2026-04-22T16:00:00+07:00'); // 21/4 is a day off in the changed calendar
  });
});
