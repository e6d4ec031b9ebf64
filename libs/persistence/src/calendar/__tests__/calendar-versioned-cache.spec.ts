import type { DataSource } from 'typeorm';
import { testDatabaseKinds } from '../../testing/test-database';
import { addCalendarOverride, removeCalendarOverride, seedPublishedCalendarYears, setAgencyOfficeHours } from '../calendar.store';
import { openCalendarTestDatabase } from '../calendar-test-database';
import { calendarVersion, createVersionedCalendarCache } from '../calendar-versioned-cache';

const storm = { date: '2027-03-10', kind: 'swap-off' as const, reason: 'Nghỉ phòng chống bão', legalReference: 'QĐ 12/2027/QĐ-UBND' };
const due = (cal: { addWorkingTime(from: string, d: string, o?: { agency?: string }): string }, agency?: string) =>
  cal.addWorkingTime('2027-03-09T16:00', 'PT2H', { agency });

describe.each(testDatabaseKinds())('versioned calendar cache on %s', (kind) => {
  let db: { ds: DataSource; close(): Promise<void> };
  beforeEach(async () => {
    db = await openCalendarTestDatabase(kind);
    await seedPublishedCalendarYears(db.ds);
  });
  afterEach(() => db.close());

  it('sees a change made by another process at the next check, and reloads only then', async () => {
    const cache = createVersionedCalendarCache(db.ds, { checkEveryMs: 0 });
    const first = await cache.get();
    expect(await cache.get()).toBe(first); // unchanged tables: same instance, year tables stay warm
    expect(due(first)).toBe('2027-03-10T08:30:00+07:00');

    await addCalendarOverride(db.ds, storm, 'admin'); // "another process": the cache is not told
    const afterAdd = await cache.get();
    expect(afterAdd).not.toBe(first);
    expect(due(afterAdd)).toBe('2027-03-11T08:30:00+07:00');

    await removeCalendarOverride(db.ds, storm.date, 'admin');
    expect(due(await cache.get())).toBe('2027-03-10T08:30:00+07:00');

    await setAgencyOfficeHours(db.ds, 'UBND-X', { sessions: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }] }, 'admin');
    expect(due(await cache.get(), 'UBND-X')).toBe('2027-03-09T18:00:00+07:00');
  });

  it('reads the fingerprint at most every checkEveryMs', async () => {
    let t = 0;
    const cache = createVersionedCalendarCache(db.ds, { checkEveryMs: 5000, now: () => t });
    const first = await cache.get();
    await addCalendarOverride(db.ds, storm, 'admin');
    t = 4999;
    expect(await cache.get()).toBe(first);
    t = 5000;
    expect(due(await cache.get())).toBe('2027-03-11T08:30:00+07:00');
  });

  it('the fingerprint follows the content: changed by a write, back when the write is undone', async () => {
    const v0 = await calendarVersion(db.ds);
    await addCalendarOverride(db.ds, storm, 'admin');
    const v1 = await calendarVersion(db.ds);
    expect(v1).not.toBe(v0);
    await removeCalendarOverride(db.ds, storm.date, 'admin');
    expect(await calendarVersion(db.ds)).toBe(v0);
    await addCalendarOverride(db.ds, { ...storm, date: '2027-03-12' }, 'admin');
    expect(await calendarVersion(db.ds)).not.toBe(v1);
  });
});
