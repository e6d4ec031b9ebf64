import { testDatabaseKinds } from '@tthc/persistence';
import { type Harness, expectErrorBody, startApi } from '../../__tests__/support/api-harness';

/** The calendar endpoints inside the whole API (createApp: migrations, seed, guard, filter). */
describe.each(testDatabaseKinds())('calendar endpoints in the full API on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApi(kind);
  });
  afterAll(() => h.close());

  it('serves the seeded 2026 arrangement and due dates; overrides need the admin role', async () => {
    const officer = await h.login('officer');
    const year = await h.call('GET', '/api/v1/calendar/years/2026', { token: officer });
    expect(year.status).toBe(200);
    expect(year.body.days.find((d: { date: string }) => d.date === '2026-01-10')).toMatchObject({ kind: 'swap-workday', working: true });
    const due = await h.call('POST', '/api/v1/calendar/due', { token: officer, json: { from: '2026-01-09T16:00:00+07:00', duration: 'PT2H' } });
    expect(due.body).toEqual({ due: '2026-01-10T08:30:00+07:00' });

    const override = { date: '2026-12-31', kind: 'swap-off', reason: 'Nghỉ cuối năm', legalReference: 'QĐ 99/2026/QĐ-UBND' };
    expectErrorBody(await h.call('POST', '/api/v1/calendar/overrides', { token: officer, json: override }), 403, 'FORBIDDEN');
    const admin = await h.login('admin');
    const added = await h.call('POST', '/api/v1/calendar/overrides', { token: admin, json: override });
    expect(added.status).toBe(201);
    expect(added.body.day).toMatchObject({ date: '2026-12-31', working: false });
    expectErrorBody(await h.call('POST', '/api/v1/calendar/due', { token: officer, json: { from: '2026-01-09', duration: 'P1M' } }), 400, 'CALENDAR_INVALID_DURATION');
  });
});
