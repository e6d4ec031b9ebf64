/**
 * The API over real HTTP and a real database, with Temporal unreachable: everything that
 * is decided before the engine is involved (identity, validation, limits, permissions,
 * error mapping). Instance/task flows against a real Temporal are in api-temporal.spec.ts.
 */
import { beginTaskCompletion, closeUserTask, createUserTask, listAudit, testDatabaseKinds, verifyAuditChain } from '@tthc/persistence';
import { PAIR_FAILURES } from '../identity/login-throttle';
import { COMPLETION_LEASE_MS, StaleCompletionSweeper } from '../tasks/stale-completion.sweeper';
import { JwtService } from '@nestjs/jwt';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectErrorBody, JWT_SECRET, startApi, type Harness } from './support/api-harness';

jest.setTimeout(20_000);

describe.each(testDatabaseKinds())('API over HTTP on %s', (kind) => {
  let h: Harness;
  let officer: string;
  let officer2: string;
  let analyst: string;
  beforeAll(async () => {
    h = await startApi(kind, { maxBody: '64kb' });
    [officer, officer2, analyst] = await Promise.all([h.login('officer'), h.login('officer2'), h.login('analyst')]);
  });
  afterAll(() => h?.close());

  describe('identity', () => {
    it('logs in and tells who the caller is', async () => {
      const me = await h.call('GET', '/api/v1/auth/me', { token: officer });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'officer', roles: ['officer'], agency: 'STP', units: ['MOTCUA', 'HCTP'] });
      expect(me.text).not.toMatch(/password|scrypt/i);
    });

    it('refuses a wrong password with 401', async () => {
      const res = await h.call('POST', '/api/v1/auth/login', { json: { username: 'officer', password: 'nope' } });
      expectErrorBody(res, 401, 'UNAUTHENTICATED');
      expectErrorBody(await h.call('POST', '/api/v1/auth/login', { json: { username: 'ghost', password: 'x' } }), 401, 'UNAUTHENTICATED');
    });

    it('throttles guessing: 429 after repeated failures for one username from one client, others unaffected; failures and the lockout are audited', async () => {
      for (let i = 0; i < PAIR_FAILURES; i++) {
        expectErrorBody(await h.call('POST', '/api/v1/auth/login', { json: { username: 'officer2', password: `guess-${i}` } }), 401, 'UNAUTHENTICATED');
      }
      // even the right password is refused now from this client (officer2's token from before stays valid)
      const refused = await h.call('POST', '/api/v1/auth/login', { json: { username: 'officer2', password: 'Demo@123' } });
      expectErrorBody(refused, 429, 'TOO_MANY_REQUESTS');
      expect(refused.body.error.details).toMatchObject({ scope: 'account-client', retryAfterSeconds: expect.any(Number) });
      expect(refused.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
      await h.login('officer');
      const entries = await listAudit(h.db.ds, { entity: 'user', limit: 500 });
      const failed = entries.filter((e) => e.action === 'auth.login-failed' && e.details.username === 'officer2');
      expect(failed).toHaveLength(PAIR_FAILURES);
      expect(failed[0].details).toMatchObject({ reason: 'wrong-password', client: expect.stringMatching(/127\.0\.0\.1/) });
      expect(entries.filter((e) => e.action === 'auth.lockout').map((e) => e.details)).toEqual([expect.objectContaining({ username: 'officer2', scope: 'account-client' })]);
      expect(entries.find((e) => e.action === 'auth.login-failed' && e.details.username === 'ghost')?.details).toMatchObject({ reason: 'unknown-user' });
    });

    it('sends security headers on every response: API, errors and the docs', async () => {
      for (const path of ['/api/v1/health', '/api/v1/tasks', '/api/v1/nope', '/api/docs/openapi.json']) {
        const res = await fetch(`${h.url}${path}`);
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("object-src 'none'");
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+; includeSubDomains/);
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });

    it('answers 401 for a missing, forged or expired token', async () => {
      expectErrorBody(await h.call('GET', '/api/v1/tasks'), 401, 'UNAUTHENTICATED');
      expectErrorBody(await h.call('GET', '/api/v1/tasks', { token: 'not.a.jwt' }), 401, 'UNAUTHENTICATED');
      const me = (await h.call('GET', '/api/v1/auth/me', { token: officer })).body;
      const forged = new JwtService({ secret: 'another-secret' }).sign({ sub: me.id, username: 'officer' });
      expectErrorBody(await h.call('GET', '/api/v1/tasks', { token: forged }), 401, 'UNAUTHENTICATED');
      const expired = new JwtService({ secret: JWT_SECRET }).sign({ sub: me.id, username: 'officer', exp: Math.floor(Date.now() / 1000) - 60 });
      const res = await h.call('GET', '/api/v1/tasks', { token: expired });
      expectErrorBody(res, 401, 'UNAUTHENTICATED');
      expect(res.body.error.message).toMatch(/expired/);
    });

    it('keeps health public and guards everything else', async () => {
      const health = await h.call('GET', '/api/v1/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ database: { ok: true }, temporal: { ok: false }, error: { code: 'ENGINE_UNAVAILABLE' } });
      for (const [method, path] of [['GET', '/api/v1/process-definitions'], ['POST', '/api/v1/deployments'], ['GET', '/api/v1/process-instances'],
        ['POST', '/api/v1/tasks/x/complete'], ['POST', '/api/v1/messages'], ['POST', '/api/v1/signals']]) {
        expectErrorBody(await h.call(method, path), 401, 'UNAUTHENTICATED');
      }
      const docs = await fetch(`${h.url}/api/docs/openapi.json`);
      expect(docs.status).toBe(200);
      expect(Object.keys((await docs.json()).paths)).toEqual(expect.arrayContaining(['/api/v1/tasks/{id}/complete', '/api/v1/deployments']));
    });

    it('lists agencies with units to everyone and users to admins only, without password hashes', async () => {
      const agencies = await h.call('GET', '/api/v1/agencies', { token: officer });
      expect(agencies.body.items).toEqual(expect.arrayContaining([
        expect.objectContaining({ code: 'STP', name: 'Sở Tư pháp', units: expect.arrayContaining([expect.objectContaining({ code: 'MOTCUA' })]) }),
        expect.objectContaining({ code: 'SXD' }),
      ]));
      expectErrorBody(await h.call('GET', '/api/v1/users', { token: officer }), 403, 'FORBIDDEN');
      const users = await h.call('GET', '/api/v1/users', { token: await h.login('admin') });
      expect(users.body.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'analyst', 'auditor', 'lead', 'officer', 'officer-phuong', 'officer2', 'officer3', 'portal']);
      expect(users.text).not.toMatch(/scrypt|passwordHash/);
    });

    it('lets an admin add agencies and users, and users change their own password', async () => {
      const admin = await h.login('admin');
      const agency = await h.call('POST', '/api/v1/agencies', { token: admin, json: { code: 'STTTT', name: 'Sở Thông tin và Truyền thông', units: [{ code: 'MOTCUA', name: 'Bộ phận Một cửa' }] } });
      expect(agency).toMatchObject({ status: 200, body: { code: 'STTTT', units: [{ code: 'MOTCUA' }] } });
      expectErrorBody(await h.call('POST', '/api/v1/agencies', { token: officer, json: { code: 'X', name: 'X' } }), 403, 'FORBIDDEN');

      const created = await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'canbo3', fullName: 'Lê Văn C', password: 'Mat-khau-123', roles: ['officer'], agency: 'STTTT', units: ['MOTCUA'] } });
      expect(created).toMatchObject({ status: 201, body: { username: 'canbo3', agency: 'STTTT', groups: ['MOTCUA', 'officer'] } });
      expectErrorBody(await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'canbo3', fullName: 'x', password: 'Mat-khau-123', roles: ['officer'] } }), 409, 'CONFLICT');
      expectErrorBody(await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'canbo4', fullName: 'x', password: 'Mat-khau-123', roles: ['officer'], agency: 'STTTT', units: ['NOPE'] } }), 400, 'BAD_REQUEST');
      expectErrorBody(await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'canbo4', fullName: 'x', password: 'short', roles: ['king'] } }), 400, 'VALIDATION_FAILED');

      const token = await h.login('canbo3', 'Mat-khau-123');
      expectErrorBody(await h.call('POST', '/api/v1/auth/password', { token, json: { currentPassword: 'wrong', newPassword: 'Mat-khau-456' } }), 422, 'VALIDATION_FAILED');
      expect((await h.call('POST', '/api/v1/auth/password', { token, json: { currentPassword: 'Mat-khau-123', newPassword: 'Mat-khau-456' } })).status).toBe(204);
      expectErrorBody(await h.call('POST', '/api/v1/auth/login', { json: { username: 'canbo3', password: 'Mat-khau-123' } }), 401, 'UNAUTHENTICATED');
      await h.login('canbo3', 'Mat-khau-456');

      // deactivation applies to tokens already issued
      const patched = await h.call('PATCH', `/api/v1/users/${created.body.id}`, { token: admin, json: { active: false } });
      expect(patched.status).toBe(200);
      expectErrorBody(await h.call('GET', '/api/v1/auth/me', { token }), 401, 'UNAUTHENTICATED');
    });

    it('lets only analysts and admins deploy', async () => {
      expectErrorBody(await h.call('POST', '/api/v1/deployments', { token: officer, body: '<x/>', type: 'application/xml' }), 403, 'FORBIDDEN');
    });
  });

  describe('bad input', () => {
    it('maps malformed JSON to 400 and an unknown route to 404', async () => {
      expectErrorBody(await h.call('POST', '/api/v1/process-instances', { token: analyst, body: '{"processKey":', type: 'application/json' }), 400, 'BAD_REQUEST');
      expectErrorBody(await h.call('GET', '/api/v1/nothing-here', { token: analyst }), 404, 'NOT_FOUND');
    });

    it('refuses oversized bodies with 413, whatever their type', async () => {
      const big = 'x'.repeat(100 * 1024);
      expectErrorBody(await h.call('POST', '/api/v1/process-instances', { token: analyst, json: { processKey: 'p', variables: { big } } }), 413, 'PAYLOAD_TOO_LARGE');
      expectErrorBody(await h.call('POST', '/api/v1/deployments', { token: analyst, body: `<a>${big}</a>`, type: 'application/xml' }), 413, 'PAYLOAD_TOO_LARGE');
      const form = new FormData();
      form.append('file', new Blob([`<a>${big}</a>`], { type: 'application/xml' }), 'big.bpmn');
      expectErrorBody(await h.call('POST', '/api/v1/deployments', { token: analyst, body: form }), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('refuses a deployment that is not XML with 415 and an empty one with 400', async () => {
      expectErrorBody(await h.call('POST', '/api/v1/deployments', { token: analyst, json: { xml: '<x/>' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectErrorBody(await h.call('POST', '/api/v1/deployments', { token: analyst, body: '  ', type: 'application/xml' }), 400, 'BAD_REQUEST');
    });

    it('validates bodies, params and queries with details', async () => {
      const res = await h.call('POST', '/api/v1/process-instances', { token: analyst, json: { version: 'one' } });
      expectErrorBody(res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['processKey', 'version']));
      expectErrorBody(await h.call('GET', '/api/v1/tasks?limit=500', { token: officer }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await h.call('GET', '/api/v1/tasks?assigned=everyone', { token: officer }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await h.call('GET', '/api/v1/tasks?cursor=garbage', { token: officer }), 400, 'BAD_REQUEST');
      expectErrorBody(await h.call('GET', '/api/v1/process-instances/not-a-uuid', { token: officer }), 400, 'VALIDATION_FAILED');
    });

    it('answers 404 for an unknown process key, instance, version or task', async () => {
      expectErrorBody(await h.call('POST', '/api/v1/process-instances', { token: analyst, json: { processKey: 'no-such-process' } }), 404, 'NOT_FOUND');
      expectErrorBody(await h.call('GET', '/api/v1/process-instances/6f1c1d0e-7a4b-4c1e-9f0a-0a0b0c0d0e0f', { token: analyst }), 404, 'NOT_FOUND');
      expectErrorBody(await h.call('GET', '/api/v1/process-definitions/nope/versions/1/xml', { token: analyst }), 404, 'NOT_FOUND');
      expectErrorBody(await h.call('POST', '/api/v1/tasks/no-such-task/complete', { token: officer, json: {} }), 404, 'NOT_FOUND');
    });
  });

  describe('bad input of issue #9', () => {
    it('refuses NUL characters in a login username, a business key and a query with 400 (nothing reaches the database)', async () => {
      const login = await h.call('POST', '/api/v1/auth/login', { json: { username: 'officer\u0000', password: 'x' } });
      expectErrorBody(login, 400, 'VALIDATION_FAILED');
      expect(login.body.error.details).toEqual([{ path: 'username', message: 'must not contain NUL characters' }]);
      expectErrorBody(await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'demo-approval', businessKey: 'HS\u00001' } }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await h.call('GET', '/api/v1/process-instances?businessKey=HS%001', { token: officer }), 400, 'VALIDATION_FAILED');
      expectErrorBody(await h.call('GET', '/api/v1/tasks/a%00b', { token: officer }), 400, 'VALIDATION_FAILED');
    });

    it('refuses array/object query syntax instead of silently dropping the filter', async () => {
      for (const path of ['/api/v1/tasks?processKey[]=x', '/api/v1/process-instances?processKey[]=x', '/api/v1/tasks?state[a]=OPEN']) {
        const res = await h.call('GET', path, { token: officer });
        expectErrorBody(res, 400, 'BAD_REQUEST');
        expect(res.body.error.message).toMatch(/not supported/);
      }
    });

    it('a start that fails because Temporal is down answers 503 and leaves no instance row', async () => {
      const xml = readFileSync(join(__dirname, '../../../../processes/demo-approval.bpmn'), 'utf8');
      expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' })).status).toBe(201);
      const count = async () => Number((await h.db.ds.query("SELECT COUNT(*) AS n FROM process_instances WHERE process_key = 'demo-approval'"))[0].n);
      expectErrorBody(await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'demo-approval', businessKey: 'HS-DOWN' } }), 503, 'ENGINE_UNAVAILABLE');
      expect(await count()).toBe(0);
    }, 20_000);
  });

  describe('tasks without the engine', () => {
    const base = { instanceId: 'i-1', processKey: 'p', version: 1, elementId: 'Review', variables: {} };
    beforeAll(async () => {
      await createUserTask(h.db.ds, { ...base, taskId: 'stp-1', elementInstanceId: 'e1', agency: 'STP', candidateGroups: ['MOTCUA'], createdAt: '2026-01-05T01:00:00.000Z' });
      await createUserTask(h.db.ds, { ...base, taskId: 'stp-2', elementInstanceId: 'e2', agency: 'STP', candidateGroups: ['MOTCUA'], createdAt: '2026-01-05T02:00:00.000Z' });
      await createUserTask(h.db.ds, { ...base, taskId: 'sxd-1', elementInstanceId: 'e3', agency: 'SXD', candidateGroups: ['MOTCUA'], createdAt: '2026-01-05T03:00:00.000Z' });
      await createUserTask(h.db.ds, { ...base, taskId: 'stp-done', elementInstanceId: 'e4', agency: 'STP', candidateGroups: ['MOTCUA'], createdAt: '2026-01-05T04:00:00.000Z' });
      expect((await h.call('POST', '/api/v1/tasks/stp-done/claim', { token: officer })).status).toBe(200);
      await closeUserTask(h.db.ds, { taskId: 'stp-done', state: 'COMPLETED', by: 'officer', at: '2026-01-05T05:00:00.000Z' });
    });

    it('shows each officer only the tasks of their own agency, paged by cursor', async () => {
      const first = await h.call('GET', '/api/v1/tasks?limit=1', { token: officer });
      expect(first.body.items.map((t: { id: string }) => t.id)).toEqual(['stp-1']);
      const second = await h.call('GET', `/api/v1/tasks?limit=1&cursor=${first.body.nextCursor}`, { token: officer });
      expect(second.body.items.map((t: { id: string }) => t.id)).toEqual(['stp-2']);
      expect(second.body.nextCursor).toBeUndefined();
      const other = await h.call('GET', '/api/v1/tasks?assigned=group', { token: officer2 });
      expect(other.body.items.map((t: { id: string }) => t.id)).toEqual(['sxd-1']);
      const done = await h.call('GET', '/api/v1/tasks?state=COMPLETED&assigned=me', { token: officer });
      expect(done.body.items.map((t: { id: string }) => t.id)).toEqual(['stp-done']);
    });

    it("answers a task of another agency like an unknown task (404): reading or working it, its existence is not revealed", async () => {
      const unknown = await h.call('GET', '/api/v1/tasks/stp-0', { token: officer2 });
      expect(unknown.body).toEqual({ error: { code: 'NOT_FOUND', message: 'task stp-0 not found' } });
      for (const res of [
        await h.call('POST', '/api/v1/tasks/stp-1/complete', { token: officer2, json: { variables: {} } }),
        await h.call('POST', '/api/v1/tasks/stp-1/claim', { token: officer2 }),
        await h.call('GET', '/api/v1/tasks/stp-1', { token: officer2 }),
      ]) {
        expectErrorBody(res, 404, 'NOT_FOUND');
        expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'task stp-1 not found' } });
      }
      expect((await h.call('GET', '/api/v1/tasks/stp-1', { token: officer })).body).toMatchObject({ id: 'stp-1' });
    });

    it('answers 409 for completing or claiming a completed task', async () => {
      expectErrorBody(await h.call('POST', '/api/v1/tasks/stp-done/complete', { token: officer, json: {} }), 409, 'TASK_ALREADY_COMPLETED');
      expectErrorBody(await h.call('POST', '/api/v1/tasks/stp-done/claim', { token: officer }), 409, 'TASK_ALREADY_COMPLETED');
    });

    it('claims and releases a task; a claimed task is not "unassigned"; claiming it again adds no audit entry', async () => {
      const claimed = await h.call('POST', '/api/v1/tasks/stp-2/claim', { token: officer });
      expect(claimed).toMatchObject({ status: 200, body: { id: 'stp-2', assignee: 'officer' } });
      const claims = async () => (await listAudit(h.db.ds, { entity: 'task', entityId: 'stp-2', limit: 100 })).filter((e) => e.action === 'task.claim').length;
      const before = await claims();
      for (let i = 0; i < 3; i++) expect((await h.call('POST', '/api/v1/tasks/stp-2/claim', { token: officer })).body).toMatchObject({ assignee: 'officer', claimedAt: claimed.body.claimedAt });
      expect(await claims()).toBe(before);
      const unassigned = await h.call('GET', '/api/v1/tasks?assigned=unassigned', { token: officer });
      expect(unassigned.body.items.map((t: { id: string }) => t.id)).toEqual(['stp-1']);
      expect((await h.call('POST', '/api/v1/tasks/stp-2/unclaim', { token: officer })).body.assignee).toBeNull();
      expectErrorBody(await h.call('POST', '/api/v1/tasks/stp-2/unclaim', { token: officer }), 409, 'TASK_NOT_CLAIMED');
    });

    it('gives 503 (task back to OPEN) when the engine cannot be reached', async () => {
      // the connect attempt to the closed port gives up after its 3 s connect timeout
      expectErrorBody(await h.call('POST', '/api/v1/tasks/stp-1/complete', { token: officer, json: { variables: { ok: true } } }), 503, 'ENGINE_UNAVAILABLE');
      expect((await h.call('GET', '/api/v1/tasks/stp-1', { token: officer })).body.state).toBe('OPEN');
    }, 20_000);

    it('shows a completion cut off by a dead API process as "completing…" with its own 409, then reopens it', async () => {
      await createUserTask(h.db.ds, { ...base, taskId: 'stp-stuck', elementInstanceId: 'e9', agency: 'STP', candidateGroups: ['MOTCUA'], createdAt: '2026-01-05T06:00:00.000Z' });
      await beginTaskCompletion(h.db.ds, 'stp-stuck');
      expect((await h.call('GET', '/api/v1/tasks/stp-stuck', { token: officer })).body.state).toBe('COMPLETING');
      // still in the inbox, marked as being completed — not gone, not "already completed"
      const inbox = await h.call('GET', '/api/v1/tasks', { token: officer });
      expect(inbox.body.items.find((t: { id: string }) => t.id === 'stp-stuck')).toMatchObject({ state: 'COMPLETING' });
      const again = await h.call('POST', '/api/v1/tasks/stp-stuck/complete', { token: officer, json: {} });
      expectErrorBody(again, 409, 'TASK_COMPLETING');
      expect(again.body.error.message).toMatch(/being completed/);
      expectErrorBody(await h.call('POST', '/api/v1/tasks/stp-stuck/claim', { token: officer }), 409, 'TASK_COMPLETING');
      const sweeper = h.api.app.get(StaleCompletionSweeper);
      await expect(sweeper.sweep()).resolves.toEqual([]); // still within its lease
      await expect(sweeper.sweep(Date.now() + COMPLETION_LEASE_MS + 1000)).resolves.toEqual(['stp-stuck']);
      expect((await h.call('GET', '/api/v1/tasks/stp-stuck', { token: officer })).body.state).toBe('OPEN');
    }, 20_000);

    it('writes every state change to an intact audit chain', async () => {
      const actions = (await listAudit(h.db.ds, { entity: 'task', limit: 100 })).map((e) => `${e.action}:${e.entityId}`);
      expect(actions).toEqual(expect.arrayContaining(['task.claim:stp-2', 'task.unclaim:stp-2', 'task.claim:stp-done']));
      await expect(verifyAuditChain(h.db.ds)).resolves.toMatchObject({ ok: true });

      // auditors read the log and check the chain through the API; officers cannot
      const auditor = await h.login('auditor');
      const page = await h.call('GET', '/api/v1/audit?entity=task&limit=2', { token: auditor });
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(2);
      // the chain is visible to auditors: each entry's prevHash is the hash of the entry just before it
      const whole = await h.call('GET', `/api/v1/audit?limit=500&after=${Math.max(0, page.body.items[0].seq - 2)}`, { token: auditor });
      const bySeq = new Map(whole.body.items.map((e: { seq: number; hash: string }) => [e.seq, e.hash]));
      for (const e of page.body.items) expect(e.prevHash).toBe(bySeq.get(e.seq - 1));
      const rest = await h.call('GET', `/api/v1/audit?entity=task&after=${page.body.next}`, { token: auditor });
      expect(rest.body.items.map((e: { seq: number }) => e.seq).every((seq: number) => seq > page.body.next)).toBe(true);
      expect((await h.call('GET', '/api/v1/audit/verify', { token: auditor })).body).toMatchObject({ ok: true });
      expectErrorBody(await h.call('GET', '/api/v1/audit', { token: officer }), 403, 'FORBIDDEN');
    });
  });
});

describe('serving the web app', () => {
  let h: Harness;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'tthc-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    h = await startApi('sqlite', { webDist: dist, seedDemo: false });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves files, falls back to index.html for app routes, and keeps API 404s as JSON', async () => {
    const page = await fetch(`${h.url}/inbox/some-task`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const asset = await fetch(`${h.url}/assets/app.js`);
    expect(await asset.text()).toBe('console.log(1)');
    expectErrorBody(await h.call('GET', '/api/v1/no-such-route'), 404, 'NOT_FOUND');
  });
});
