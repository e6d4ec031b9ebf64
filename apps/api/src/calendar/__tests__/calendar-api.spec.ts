import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, NestFactory } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TaskEntity, ensureUser, listAudit, openCalendarTestDatabase, testDatabaseKinds } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuthUserCache } from '../../common/auth/auth-user.cache';
import { JwtAuthGuard } from '../../common/auth/jwt-auth.guard';
import { AllExceptionsFilter } from '../../common/errors/all-exceptions.filter';
import { DATA_SOURCE } from '../../common/tokens';
import { CALENDAR_CONTROLLERS, CALENDAR_PROVIDERS } from '..';

const SECRET = 'calendar-test-secret-0123456789-abcdef';

/** The calendar controllers with the API's real guard and error filter, over a real migrated database. */
async function startCalendarApi(ds: DataSource) {
  @Module({
    imports: [JwtModule.register({ secret: SECRET, signOptions: { algorithm: 'HS256' } })],
    controllers: CALENDAR_CONTROLLERS,
    providers: [
      { provide: DATA_SOURCE, useValue: ds },
      AuthUserCache,
      { provide: APP_GUARD, useClass: JwtAuthGuard },
      { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ...CALENDAR_PROVIDERS,
    ],
  })
  class CalendarTestModule {}
  const app = await NestFactory.create<NestExpressApplication>(CalendarTestModule, { logger: false });
  app.setGlobalPrefix('api/v1');
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const jwt = app.get(JwtService);
  const token = async (username: string, roles: Array<'admin' | 'officer'>) => {
    const { user } = await ensureUser(ds, { username, fullName: username, passwordHash: 'x', roles });
    return jwt.sign({ sub: user.id, username, tv: user.tokenVersion });
  };
  const call = async (method: string, path: string, tok?: string, json?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...(json ? { 'content-type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return { app, call, token };
}

const storm = { date: '2027-03-10', kind: 'swap-off', reason: 'Nghỉ phòng chống bão', legalReference: 'QĐ 12/2027/QĐ-UBND' };

describe.each(testDatabaseKinds())('calendar API on %s', (kind) => {
  let db: { ds: DataSource; close(): Promise<void> };
  let api: Awaited<ReturnType<typeof startCalendarApi>>;
  let admin: string;
  let officer: string;
  beforeAll(async () => {
    db = await openCalendarTestDatabase(kind);
    api = await startCalendarApi(db.ds);
    admin = await api.token('cal-admin', ['admin']);
    officer = await api.token('cal-officer', ['officer']);
  });
  afterAll(async () => {
    await api.app.close();
    await db.close();
  });

  it('GET /calendar/years/2025 shows the published arrangement (seeded at start-up)', async () => {
    const res = await api.call('GET', '/calendar/years/2025', officer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2025, published: true });
    const byDate = Object.fromEntries(res.body.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2025-04-26']).toMatchObject({ kind: 'swap-workday', working: true });
    expect(byDate['2025-05-02']).toMatchObject({ kind: 'swap-off', working: false });
    expect((await api.call('GET', '/calendar/years/2025')).status).toBe(401);
    expect((await api.call('GET', '/calendar/years/1800', officer)).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('POST /calendar/due computes working-time due dates and explains bad input', async () => {
    const res = await api.call('POST', '/calendar/due', officer, { from: '2025-04-25T17:30:00+07:00', duration: 'PT8H' });
    expect(res).toEqual({ status: 200, body: { due: '2025-04-26T17:00:00+07:00' } });
    const bad = await api.call('POST', '/calendar/due', officer, { from: '2025-04-25T17:30:00+07:00', duration: 'three days' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(['error']);
    expect(bad.body.error.code).toBe('CALENDAR_INVALID_DURATION');
  });

  it('only an admin adds or removes overrides; changes move due dates computed afterwards and are audited', async () => {
    const due = () => api.call('POST', '/calendar/due', officer, { from: '2027-03-09T16:00:00+07:00', duration: 'PT2H' });
    expect((await due()).body.due).toBe('2027-03-10T08:30:00+07:00');

    const forbidden = await api.call('POST', '/calendar/overrides', officer, storm);
    expect({ status: forbidden.status, code: forbidden.body.error.code }).toEqual({ status: 403, code: 'FORBIDDEN' });

    const added = await api.call('POST', '/calendar/overrides', admin, storm);
    expect(added.status).toBe(201);
    expect(added.body.day).toMatchObject({ date: '2027-03-10', working: false, kind: 'swap-off', source: 'override' });
    expect((await due()).body.due).toBe('2027-03-11T08:30:00+07:00');

    const again = await api.call('POST', '/calendar/overrides', admin, { ...storm, kind: 'holiday' });
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'CALENDAR_OVERLAPPING_OVERRIDES' });
    const noReason = await api.call('POST', '/calendar/overrides', admin, { date: '2027-03-12', kind: 'holiday', legalReference: 'x' });
    expect({ status: noReason.status, code: noReason.body.error.code }).toEqual({ status: 400, code: 'CALENDAR_OVERRIDE_WITHOUT_REASON' });

    expect((await api.call('DELETE', '/calendar/overrides/2027-03-10', officer)).status).toBe(403);
    const removed = await api.call('DELETE', '/calendar/overrides/2027-03-10', admin);
    expect(removed.status).toBe(200);
    expect(removed.body.day).toMatchObject({ working: true });
    expect((await due()).body.due).toBe('2027-03-10T08:30:00+07:00');
    expect((await api.call('DELETE', '/calendar/overrides/2027-03-10', admin)).body.error.code).toBe('NOT_FOUND');

    const audit = await listAudit(db.ds, { entity: 'calendar-day', limit: 10 });
    expect(audit.map((a) => [a.action, a.actor]).sort()).toEqual([
      ['calendar.override.add', 'cal-admin'],
      ['calendar.override.remove', 'cal-admin'],
    ]);
  });

  it('previews and reports which open task deadlines an override moves', async () => {
    const task = (id: string, createdAt: string, dueAt: string) => ({
      id, instanceId: 'i-1', processKey: 'p', version: 1, businessKey: null, elementId: 'receive', elementInstanceId: `${id}-e`,
      name: 'Tiếp nhận', step: 'receive', formKey: null, assignee: null, candidateGroups: ['officer'], agency: 'UBND-X', state: 'OPEN' as const,
      dueAt: new Date(dueAt), createdAt: new Date(createdAt), claimedAt: null, completedAt: null, completedBy: null, variables: {},
    });
    await db.ds.getRepository(TaskEntity).insert([
      task('t-moves', '2027-05-11T09:00:00+07:00', '2027-05-12T09:00:00+07:00'),
      task('t-stays', '2027-05-03T09:00:00+07:00', '2027-05-04T09:00:00+07:00'),
    ]);
    const flood = { date: '2027-05-12', kind: 'holiday', reason: 'Nghỉ phòng chống lũ', legalReference: 'QĐ 20/2027/QĐ-UBND' };
    const preview = await api.call('POST', '/calendar/overrides/preview', admin, flood);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      day: expect.objectContaining({ date: '2027-05-12', working: false, kind: 'holiday' }),
      moved: [{ taskId: 't-moves', oldDue: '2027-05-12T09:00:00+07:00', newDue: '2027-05-13T09:00:00+07:00' }],
      unchanged: 1,
    });
    expect((await api.call('GET', '/calendar/years/2027', officer)).body.overrides).toEqual([]);
    const added = await api.call('POST', '/calendar/overrides', admin, flood);
    expect(added.body.moved).toEqual(preview.body.moved);
    expect((await api.call('DELETE', '/calendar/overrides/2027-05-12', admin)).status).toBe(200);
  });
});
