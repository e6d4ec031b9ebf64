/**
 * The alerts of the replay after a worker upgrade, as the API shows them (the worker writes
 * them: apps/worker/src/__tests__/upgrade-replay.spec.ts), and the audit log's scope for an
 * agency's auditor. Real API, real database.
 */
import { REPLAY_DIVERGENCE_ACTION } from '@tthc/contracts';
import { appendAudit, testDatabaseKinds } from '@tthc/persistence';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';

jest.setTimeout(120_000);

describe.each(testDatabaseKinds())('replay alerts and the agency auditor on %s', (kind) => {
  let h: Harness;
  let admin: string;

  beforeAll(async () => {
    h = await startApi(kind);
    admin = await h.login('admin');
    const created = await h.call('POST', '/api/v1/users', { token: admin, json: { username: 'thanhtra-stp', fullName: 'Thanh tra Sở Tư pháp', password: 'Demo@12345', roles: ['auditor'], agency: 'STP' } });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lists the divergences newest first for province auditors and admins; an agency auditor sees only its agency’s dossiers', async () => {
    for (const [workflowId, message] of [
      ['pi/11111111-1111-4111-8111-111111111111', 'Activity type of scheduled event a does not match b'],
      ['dossier/22222222-2222-4222-8222-222222222222', 'Timer fired out of order'],
    ]) {
      await appendAudit(h.db.ds, {
        actor: 'worker',
        action: REPLAY_DIVERGENCE_ACTION,
        entity: 'replay-alert',
        entityId: workflowId,
        details: { workflowId, runId: 'r', dossierId: workflowId.startsWith('dossier/') ? workflowId.slice(8) : null, buildId: 'abc123', divergence: { type: 'DeterminismViolationError', message } },
      });
    }
    const auditor = await h.login('auditor');
    const res = await h.call('GET', '/api/v1/audit/replay-alerts', { token: auditor });
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { workflowId: string }) => a.workflowId)).toEqual(['dossier/22222222-2222-4222-8222-222222222222', 'pi/11111111-1111-4111-8111-111111111111']);
    expect(res.body.items[0]).toMatchObject({ dossierId: '22222222-2222-4222-8222-222222222222', buildId: 'abc123', divergence: { type: 'DeterminismViolationError', message: 'Timer fired out of order' } });
    expect((await h.call('GET', '/api/v1/audit/replay-alerts', { token: admin })).body.items).toHaveLength(2);
    // an agency auditor: no dossier of its agency among them (the dossier does not exist, the other is no dossier)
    const stp = await h.login('thanhtra-stp', 'Demo@12345');
    expect((await h.call('GET', '/api/v1/auth/me', { token: stp })).body.auditScope).toEqual({ kind: 'agency', agency: 'STP' });
    expect((await h.call('GET', '/api/v1/audit/replay-alerts', { token: stp })).body.items).toEqual([]);
    expectErrorBody(await h.call('GET', '/api/v1/audit/replay-alerts', { token: await h.login('officer') }), 403, 'FORBIDDEN');
  });

  it('gives an agency auditor the audit log one dossier of its agency at a time', async () => {
    const stp = await h.login('thanhtra-stp', 'Demo@12345');
    expectErrorBody(await h.call('GET', '/api/v1/audit', { token: stp }), 403, 'FORBIDDEN');
    expectErrorBody(await h.call('GET', '/api/v1/audit?entity=user', { token: stp }), 403, 'FORBIDDEN');
    const unknown = await h.call('GET', '/api/v1/audit?entity=dossier&entityId=33333333-3333-4333-8333-333333333333', { token: stp });
    expect(unknown.status).toBe(404);
    expect((await h.call('GET', '/api/v1/audit?entity=process-instance&entityId=33333333-3333-4333-8333-333333333333', { token: stp })).status).toBe(404);
    // the chain check runs for it (its agency's dossiers only)
    const verify = await h.call('GET', '/api/v1/audit/verify', { token: stp });
    expect(verify.status).toBe(200);
    expect(verify.body.audit.ok).toBe(true);
    // the province auditor reads the whole log
    expect((await h.call('GET', '/api/v1/audit', { token: await h.login('auditor') })).status).toBe(200);
  });
});
