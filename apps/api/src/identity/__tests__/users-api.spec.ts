/**
 * User administration over real HTTP and a real database: a partial update changes only the
 * fields sent, and tokens die with a new password, a deactivation or new roles (issue #9).
 */
import { listAudit, testDatabaseKinds, verifyAuditChain } from '@tthc/persistence';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';

jest.setTimeout(30_000);

describe.each(testDatabaseKinds())('users API on %s', (kind) => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await startApi(kind);
    admin = await h.login('admin');
  });
  afterAll(() => h?.close());

  const userId = async (username: string) =>
    ((await h.call('GET', '/api/v1/users', { token: admin })).body.items as Array<{ id: string; username: string }>).find((u) => u.username === username)!.id;
  const me = (token: string) => h.call('GET', '/api/v1/auth/me', { token });

  it('PATCH {active:false} keeps units and groups, and the deactivated user\'s token stays dead after reactivation', async () => {
    const created = await h.call('POST', '/api/v1/users', {
      token: admin,
      json: { username: 'clerk1', fullName: 'Cán bộ 1', password: 'Clerk@1234', roles: ['officer'], agency: 'STP', units: ['MOTCUA'], groups: ['tiep-nhan'] },
    });
    expect(created.status).toBe(201);
    const token = await h.login('clerk1', 'Clerk@1234');
    expect((await me(token)).status).toBe(200);

    const off = await h.call('PATCH', `/api/v1/users/${created.body.id}`, { token: admin, json: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ units: ['MOTCUA'], agency: 'STP', groups: expect.arrayContaining(['MOTCUA', 'officer', 'tiep-nhan']) });
    expectErrorBody(await me(token), 401, 'UNAUTHENTICATED');

    const on = await h.call('PATCH', `/api/v1/users/${created.body.id}`, { token: admin, json: { active: true } });
    expect(on.body).toMatchObject({ units: ['MOTCUA'], groups: expect.arrayContaining(['tiep-nhan']) });
    expectErrorBody(await me(token), 401, 'UNAUTHENTICATED');
    expect((await me(await h.login('clerk1', 'Clerk@1234'))).status).toBe(200);
  });

  it('keeps a title (chức danh, the ChucDanh of progress records): demo users have one, an admin sets, changes and clears it', async () => {
    type Row = { username: string; title: string | null };
    const titleOf = async (username: string) => ((await h.call('GET', '/api/v1/users', { token: admin })).body.items as Row[]).find((u) => u.username === username)!.title;
    expect(await titleOf('officer')).toBe('Chuyên viên Bộ phận Một cửa');
    const created = await h.call('POST', '/api/v1/users', {
      token: admin,
      json: { username: 'clerk-title', fullName: 'Phạm Thị Hồ Sơ', password: 'Clerk@1234', roles: ['officer'], agency: 'STP', units: ['MOTCUA'], title: 'Chuyên viên' },
    });
    expect(created.status).toBe(201);
    expect(await titleOf('clerk-title')).toBe('Chuyên viên');
    expect((await h.call('PATCH', `/api/v1/users/${created.body.id}`, { token: admin, json: { title: 'Phó Trưởng phòng' } })).status).toBe(200);
    expect(await titleOf('clerk-title')).toBe('Phó Trưởng phòng');
    expect((await h.call('PATCH', `/api/v1/users/${created.body.id}`, { token: admin, json: { title: null } })).status).toBe(200);
    expect(await titleOf('clerk-title')).toBeNull();
    expectErrorBody(await h.call('PATCH', `/api/v1/users/${created.body.id}`, { token: admin, json: { title: 'x'.repeat(200) } }), 400, 'VALIDATION_FAILED');
  });

  it('a name change keeps tokens; a new password (by an admin or by the user) and a role change revoke them', async () => {
    const id = await userId('officer');
    let token = await h.login('officer');
    const renamed = await h.call('PATCH', `/api/v1/users/${id}`, { token: admin, json: { fullName: 'Nguyễn Văn An' } });
    expect(renamed.body).toMatchObject({ fullName: 'Nguyễn Văn An', units: ['MOTCUA', 'HCTP'], roles: ['officer'] });
    expect((await me(token)).status).toBe(200);

    expect((await h.call('PATCH', `/api/v1/users/${id}`, { token: admin, json: { password: 'Reset@12345' } })).status).toBe(200);
    const revoked = await me(token);
    expectErrorBody(revoked, 401, 'UNAUTHENTICATED');
    expect(revoked.body.error.message).toMatch(/revoked/);

    token = await h.login('officer', 'Reset@12345');
    const own = await h.call('POST', '/api/v1/auth/password', { token, json: { currentPassword: 'Reset@12345', newPassword: 'Demo@123' } });
    expect(own.status).toBe(204);
    expectErrorBody(await me(token), 401, 'UNAUTHENTICATED');

    token = await h.login('officer');
    expect((await h.call('PATCH', `/api/v1/users/${id}`, { token: admin, json: { roles: ['officer', 'analyst'] } })).status).toBe(200);
    expectErrorBody(await me(token), 401, 'UNAUTHENTICATED');
    expect((await me(await h.login('officer'))).body).toMatchObject({ roles: ['officer', 'analyst'], units: ['MOTCUA', 'HCTP'] });
  });

  it('audits every change with what changed and whether tokens were revoked, in an intact chain', async () => {
    const entries = await listAudit(h.db.ds, { entity: 'user', limit: 100 });
    const updates = entries.filter((e) => e.action === 'user.update').map((e) => e.details);
    expect(updates).toEqual(
      expect.arrayContaining([
        { active: false, passwordChanged: false, tokensRevoked: true },
        { fullName: 'Nguyễn Văn An', passwordChanged: false, tokensRevoked: false },
        { passwordChanged: true, tokensRevoked: true },
      ]),
    );
    await expect(verifyAuditChain(h.db.ds)).resolves.toMatchObject({ ok: true });
  });
});
