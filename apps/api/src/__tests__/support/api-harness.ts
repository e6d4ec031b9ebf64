import { auditKeySourcesFromEnv, loadAuditKeys, openTestDatabase, setAuditKeys, type TestDatabase, type TestDbKind } from '@tthc/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiConfig } from '../../config/api-config';
import { createApp, type RunningApi } from '../../create-app';
import { DEMO_PASSWORD } from '../../identity/demo-seed';

export const JWT_SECRET = 'test-secret-with-enough-entropy-0123456789';

export interface Harness {
  api: RunningApi;
  db: TestDatabase;
  url: string;
  login(username: string, password?: string): Promise<string>;
  call(method: string, path: string, opts?: { token?: string; json?: unknown; body?: string | Buffer | FormData; type?: string }): Promise<Res>;
  close(): Promise<void>;
}

export interface Res {
  status: number;
  text: string;
  body: any;
}

/** the API's configuration in tests: a free loopback port, the demo users, Temporal "down" unless a test passes a real address */
export function testApiConfig(db: Pick<ApiConfig, 'databaseUrl' | 'sqlitePath'>, dataDir: string, overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: db.databaseUrl,
    sqlitePath: db.sqlitePath,
    dataDir,
    // nothing listens on port 1
    temporal: { address: '127.0.0.1:1', namespace: 'default', taskQueue: 'tthc-api-test' },
    jwt: { secret: JWT_SECRET, ttl: '1h' },
    maxBody: '10mb',
    seedDemo: true,
    logger: false,
    ...overrides,
  };
}

/**
 * The real API in-process on a free loopback port, over a fresh migrated database
 * (SQLite file or a throw-away PostgreSQL schema). `overrides` tune the config.
 */
export async function startApi(kind: TestDbKind, overrides: Partial<ApiConfig> = {}): Promise<Harness> {
  const db = await openTestDatabase(kind);
  const dataDir = mkdtempSync(join(tmpdir(), 'tthc-api-'));
  const config = testApiConfig(db.config, dataDir, overrides);
  // a start that fails (e.g. a lock wait gave up) closes what it opened: an open pool would keep Jest from exiting
  const api = await createApp(config).catch(async (err: unknown) => {
    await db.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  // the test's own DataSource on the same database checks the chain with the API's keys
  setAuditKeys(db.ds, loadAuditKeys(config.audit ?? auditKeySourcesFromEnv(process.env, config.dataDir)));
  const call: Harness['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.body !== undefined) {
      if (opts.type) headers['content-type'] = opts.type;
      body = opts.body as BodyInit;
    }
    const res = await fetch(`${api.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, text, body: parsed };
  };
  return {
    api,
    db,
    url: api.url,
    call,
    async login(username, password = DEMO_PASSWORD) {
      const res = await call('POST', '/api/v1/auth/login', { json: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
      return res.body.accessToken as string;
    },
    async close() {
      await api.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every error body is exactly {error:{code,message,details?}} and never shows a stack. */
export function expectErrorBody(res: Res, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(res.text).not.toMatch(/node_modules|\.ts:\d+/);
}
