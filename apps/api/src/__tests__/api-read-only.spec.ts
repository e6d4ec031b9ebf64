/**
 * A database that refuses writes (issue #9): a second API opened read-only on a migrated,
 * seeded database — PostgreSQL sessions with `default_transaction_read_only=on` (what a
 * read-only replica or a read-only database gives), SQLite with `PRAGMA query_only`.
 * Writes answer 503 DATABASE_READ_ONLY, reads go on, /health says the database cannot be written.
 */
import { JwtService } from '@nestjs/jwt';
import { findUserByUsername, testDatabaseKinds } from '@tthc/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type RunningApi } from '../create-app';
import { expectErrorBody, JWT_SECRET, startApi, testApiConfig, type Harness } from './support/api-harness';

jest.setTimeout(60_000);

function readOnlyUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `${u.searchParams.get('options') ?? ''} -c default_transaction_read_only=on`.trim());
  return u.toString();
}

describe.each(testDatabaseKinds())('a read-only database on %s', (kind) => {
  let h: Harness;
  let ro: RunningApi;
  let dataDir: string;
  let admin: string;

  beforeAll(async () => {
    h = await startApi(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'tthc-ro-'));
    const db = { databaseUrl: h.db.config.databaseUrl ? readOnlyUrl(h.db.config.databaseUrl) : undefined, sqlitePath: h.db.config.sqlitePath };
    ro = await createApp(testApiConfig(db, dataDir, { seedDemo: false }));
    if (kind === 'sqlite') await ro.ds.query('PRAGMA query_only = ON');
    const user = (await findUserByUsername(h.db.ds, 'admin'))!;
    admin = new JwtService({ secret: JWT_SECRET }).sign({ sub: user.id, username: user.username, tv: user.tokenVersion });
  });
  afterAll(async () => {
    await ro?.close();
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, json?: unknown) => {
    const res = await fetch(`${ro.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(json ? { 'content-type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
  };

  it('answers writes with 503 DATABASE_READ_ONLY and changes nothing; reads go on', async () => {
    expect((await call('GET', '/api/v1/agencies')).status).toBe(200);
    const res = await call('POST', '/api/v1/agencies', { code: 'SYT', name: 'Sở Y tế', units: [] });
    expectErrorBody(res, 503, 'DATABASE_READ_ONLY');
    expect(res.body.error.message).toMatch(/read-only/);
    expectErrorBody(await call('POST', '/api/v1/users', { username: 'ro-user', fullName: 'x', password: 'Mat-khau-123', roles: ['auditor'] }), 503, 'DATABASE_READ_ONLY');
    // the writable API sees that nothing was written
    const agencies = (await h.call('GET', '/api/v1/agencies', { token: await h.login('admin') })).body.items.map((a: { code: string }) => a.code);
    expect(agencies).not.toContain('SYT');
  });

  it('reports the database as reachable but not writable in /health', async () => {
    const res = await call('GET', '/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ database: { ok: true, writable: false, error: 'database is read-only' }, error: { code: 'DATABASE_READ_ONLY' } });
    const writable = await h.call('GET', '/api/v1/health');
    expect(writable.body.database).toMatchObject({ ok: true, writable: true });
  });
});
