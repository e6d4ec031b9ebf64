import { CalendarErrorCode, PUBLISHED_YEARS } from '@tthc/calendar';
import type { DataSource } from 'typeorm';
import { listAudit, verifyAuditChain } from '../../audit/audit.store';
import { testDatabaseKinds } from '../../testing/test-database';
import {
  addCalendarOverride, listCalendarOverrides, loadWorkingCalendar, putPublishedCalendarYear, removeCalendarOverride,
  seedPublishedCalendarYears, setAgencyOfficeHours,
} from '../calendar.store';
import { createCalendarCache } from '../calendar-cache';
import { openCalendarTestDatabase } from '../calendar-test-database';

const storm = { date: '2027-03-10', kind: 'swap-off' as const, reason: 'Nghỉ phòng chống bão', legalReference: 'QĐ 12/2027/QĐ-UBND' };

describe.each(testDatabaseKinds())('calendar store on %s', (kind) => {
  let db: { ds: DataSource; close(): Promise<void> };
  beforeEach(async () => {
    db = await openCalendarTestDatabase(kind);
  });
  afterEach(() => db.close());

  it('seeds the published 2025/2026 years once and loads them back as the same calendar', async () => {
    await expect(seedPublishedCalendarYears(db.ds)).resolves.toEqual([2025, 2026]);
    await expect(seedPublishedCalendarYears(db.ds)).resolves.toEqual([]);
    const cal = await loadWorkingCalendar(db.ds);
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
    expect(cal.year(2026).days).toHaveLength(PUBLISHED_YEARS[1].days.length);
    expect(cal.addWorkingTime('2025-04-25T17:30:00+07:00', 'PT8H')).toBe('2025-04-26T17:00:00+07:00');
  });

  it('an override changes deadlines computed afterwards, is audited, and can be removed', async () => {
    await seedPublishedCalendarYears(db.ds);
    const before = (await loadWorkingCalendar(db.ds)).addWorkingTime('2027-03-09T16:00', 'PT2H');
    expect(before).toBe('2027-03-10T08:30:00+07:00');
    await addCalendarOverride(db.ds, storm, 'admin');
    expect((await loadWorkingCalendar(db.ds)).addWorkingTime('2027-03-09T16:00', 'PT2H')).toBe('2027-03-11T08:30:00+07:00');
    expect((await listCalendarOverrides(db.ds, 2027)).map((o) => o.date)).toEqual(['2027-03-10']);

    await expect(removeCalendarOverride(db.ds, '2027-03-10', 'admin')).resolves.toMatchObject({ kind: 'swap-off' });
    await expect(removeCalendarOverride(db.ds, '2027-03-10', 'admin')).resolves.toBeNull();
    expect((await loadWorkingCalendar(db.ds)).addWorkingTime('2027-03-09T16:00', 'PT2H')).toBe(before);

    const audit = await listAudit(db.ds, { entity: 'calendar-day', limit: 10 });
    expect(audit.map((a) => a.action).sort()).toEqual(['calendar.override.add', 'calendar.override.remove']);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true });
  });

  it('refuses overlapping overrides and overrides without a reason', async () => {
    await addCalendarOverride(db.ds, storm, 'admin');
    await expect(addCalendarOverride(db.ds, { ...storm, kind: 'holiday' }, 'admin')).rejects.toMatchObject({ code: CalendarErrorCode.OVERLAPPING_OVERRIDES });
    await expect(addCalendarOverride(db.ds, { ...storm, date: '2027-03-11', reason: '' }, 'admin')).rejects.toMatchObject({
      code: CalendarErrorCode.OVERRIDE_WITHOUT_REASON,
    });
    expect(await listCalendarOverrides(db.ds)).toHaveLength(1);
  });

  it('publishes a year arrangement and stores agency office hours', async () => {
    await putPublishedCalendarYear(
      db.ds,
      { year: 2027, legalReference: 'TB 1/2027', days: [{ date: '2027-02-05', kind: 'holiday', reason: 'Tết', legalReference: 'TB 1/2027' }] },
      'admin',
    );
    await setAgencyOfficeHours(db.ds, 'UBND-X', { sessions: [{ start: '08:00', end: '12:00' }, { start: '13:30', end: '17:30' }] }, 'admin');
    const cal = await loadWorkingCalendar(db.ds);
    expect(cal.year(2027)).toMatchObject({ published: true, legalReference: 'TB 1/2027' });
    expect(cal.isWorkingDay('2027-02-08')).toBe(true); // the computed Tết days are replaced by the published table
    expect(cal.addWorkingTime('2025-04-22T11:00', 'PT2H', { agency: 'UBND-X' })).toBe('2025-04-22T14:30:00+07:00');
  });
});

describe('calendar cache', () => {
  it('serves the cached calendar until invalidated or too old', async () => {
    const db = await openCalendarTestDatabase('sqlite');
    try {
      let clock = 0;
      const cache = createCalendarCache(db.ds, 1000, () => clock);
      const first = await cache.get();
      expect(await cache.get()).toBe(first);
      await addCalendarOverride(db.ds, storm, 'admin');
      expect((await cache.get()).isWorkingDay('2027-03-10')).toBe(true); // still cached
      clock = 1001;
      expect((await cache.get()).isWorkingDay('2027-03-10')).toBe(false); // reloaded
      await removeCalendarOverride(db.ds, storm.date, 'admin');
      cache.invalidate();
      expect((await cache.get()).isWorkingDay('2027-03-10')).toBe(true);
    } finally {
      await db.close();
    }
  });
});
