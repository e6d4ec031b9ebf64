import { calendarFromSnapshot, calendarSnapshot, computeDueWith, PUBLISHED_YEARS, WorkingCalendar } from '@tthc/calendar';
import { PinnedCalendar } from '../pinned-calendar';

const calendar = (overrides: NonNullable<ConstructorParameters<typeof WorkingCalendar>[0]>['overrides']) =>
  new WorkingCalendar({ publishedYears: PUBLISHED_YEARS, overrides, agencies: { 'UBND-A': { sessions: [{ start: '06:00', end: '10:00' }] } }, unknownAgency: 'default' });
const plain = calendarSnapshot(calendar([]), 'v1', 'UBND-A');
// the same version string, one admin override more: a memo keyed by less than the whole snapshot would mix them up
const withHoliday = calendarSnapshot(calendar([{ date: '2026-04-21', kind: 'holiday', reason: 'Nghỉ đột xuất', legalReference: 'QĐ 1/TEST' }]), 'v1', 'UBND-A');
const req = { from: '2026-04-20T09:00:00+07:00', duration: 'P2D', calendar: 'working' as const, agency: 'UBND-A' };
const expected = (s: typeof plain) => new Date(computeDueWith(calendarFromSnapshot(s), req)).toISOString();

describe('PinnedCalendar (calendars shared by the runs of a workflow thread)', () => {
  it('gives every run the instants of its own snapshot, whichever run built the shared calendar first', () => {
    expect(expected(withHoliday)).not.toBe(expected(plain));
    for (const snapshot of [plain, withHoliday, plain, withHoliday]) {
      // a fresh copy, as each run decodes its own input
      const run = new PinnedCalendar(JSON.parse(JSON.stringify(snapshot)));
      expect(run.due(req)).toBe(expected(snapshot));
    }
  });

  it('keeps giving the right instants after more snapshots than it keeps', () => {
    for (let i = 0; i < 40; i++) expect(new PinnedCalendar({ ...plain, version: `v${i}` }).due(req)).toBe(expected(plain));
    expect(new PinnedCalendar(withHoliday).due(req)).toBe(expected(withHoliday));
  });
});
