/**
 * Who reads a process design (docs/security.md, "process designs"), on the real API over SQLite
 * and PostgreSQL with processes/ deployed and the catalog seeded as `npm start` does: an agency's
 * own process (not in the catalog) is its agency's — another agency's officer, analyst or auditor
 * gets 404 for its versions, XML, forms, history and stored forms, as for an unknown key, and
 * does not see it listed; a published procedure's process is read by every agency's staff, and
 * no longer once the procedure is set back to draft; roles and the token are checked first.
 */
import { testDatabaseKinds } from '@tthc/persistence';
import { join } from 'node:path';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';

jest.setTimeout(120_000);

const PROCESSES_DIR = join(__dirname, '../../../../../processes');
/** UBPHN's own process (no catalog entry), with one form */
const OWN = 'lay-y-kien-quy-hoach';
const OWN_FORM = 'lay-y-kien-quy-hoach-cho-y-kien';
/** STP's published procedure 2.000815 */
const PUBLISHED = 'chung-thuc-ban-sao';

describe.each(testDatabaseKinds())('reading process designs across agencies (%s)', (kind) => {
  let h: Harness;
  const t: Record<string, string> = {};
  const get = (user: string | null, path: string) => h.call('GET', `/api/v1${path}`, user ? { token: t[user] } : {});

  beforeAll(async () => {
    h = await startApi(kind, { processesDir: PROCESSES_DIR });
    for (const u of ['admin', 'analyst', 'officer', 'officer2', 'officer-phuong', 'auditor', 'portal']) t[u] = await h.login(u);
    for (const [username, roles, agency] of [
      ['analyst-sxd', ['analyst'], 'SXD'],
      ['analyst-phuong', ['analyst'], 'UBPHN'],
      ['auditor-sxd', ['auditor'], 'SXD'],
    ] as const) {
      const created = await h.call('POST', '/api/v1/users', { token: t.admin, json: { username, fullName: username, password: 'Demo@123456', roles, agency } });
      expect(created.status).toBe(201);
      t[username] = await h.login(username, 'Demo@123456');
    }
  });
  afterAll(() => h?.close());

  it("an agency's own process: its officers read its versions, XML and forms; another agency's staff get the 404 of an unknown key", async () => {
    const forms = await get('officer-phuong', `/process-definitions/${OWN}/versions/1/forms`);
    expect(forms.status).toBe(200);
    expect(forms.body.forms.map((f: { formKey: string }) => f.formKey)).toEqual([OWN_FORM]);
    expect((await get('officer-phuong', `/process-definitions/${OWN}/versions/1/xml`)).text).toContain(`id="${OWN}"`);
    // admins and the province's auditor read every agency's
    for (const user of ['admin', 'auditor']) expect((await get(user, `/process-definitions/${OWN}/versions/1/forms`)).status).toBe(200);

    const unknown = await get('officer2', '/process-definitions/no-such-process/versions/1/forms');
    expectErrorBody(unknown, 404, 'NOT_FOUND');
    for (const user of ['officer2', 'analyst-sxd', 'auditor-sxd', 'officer']) {
      for (const part of ['forms', 'xml']) {
        const res = await get(user, `/process-definitions/${OWN}/versions/1/${part}`);
        expectErrorBody(res, 404, 'NOT_FOUND');
        expect(res.body.error.message).toBe(`process ${OWN} version 1 not found`);
      }
    }
  });

  it('lists only the processes the caller may read', async () => {
    const keys = async (user: string) => new Set(((await get(user, '/process-definitions?latest=true')).body.items as Array<{ key: string }>).map((d) => d.key));
    const sxd = await keys('officer2');
    // its own, and every published procedure's
    expect([...sxd].sort()).toEqual(['cap-phep-xay-dung', 'cap-phieu-ly-lich-tu-phap', 'chung-thuc-ban-sao', 'dang-ky-ho-kinh-doanh', 'dang-ky-khai-sinh']);
    const phuong = await keys('officer-phuong');
    expect(phuong.has(OWN)).toBe(true);
    expect(phuong.has('demo-approval')).toBe(false);
    expect((await keys('admin')).has('demo-approval')).toBe(true);
    expect((await get('officer2', `/process-definitions?key=${OWN}`)).body.items).toEqual([]);
  });

  it("a published procedure's process is read by every agency's staff; back in draft, only by its agency", async () => {
    expect((await get('officer2', `/process-definitions/${PUBLISHED}/versions/1/forms`)).status).toBe(200);
    expect((await get('analyst-sxd', `/procedure-versions?key=${PUBLISHED}`)).body.items).toHaveLength(1);

    const toDraft = await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t.analyst, json: { status: 'draft' } });
    expect(toDraft.status).toBe(200);
    try {
      expectErrorBody(await get('officer2', `/process-definitions/${PUBLISHED}/versions/1/forms`), 404, 'NOT_FOUND');
      expect((await get('analyst-sxd', `/procedure-versions?key=${PUBLISHED}`)).body.items).toEqual([]);
      expect((await get('officer', `/process-definitions/${PUBLISHED}/versions/1/forms`)).status).toBe(200);
    } finally {
      expect((await h.call('PATCH', '/api/v1/procedures/2.000815', { token: t.analyst, json: { status: 'published' } })).status).toBe(200);
    }
  });

  it("the designer's history: analysts, admins and auditors of a process they may read; others 403 by role, 401 without a token", async () => {
    const mine = await get('analyst-phuong', `/procedure-versions?key=${OWN}`);
    expect(mine.body.items).toEqual([expect.objectContaining({ source: 'deployment', processKey: OWN, definitionVersion: 1 })]);
    const entry = mine.body.items[0].id as string;
    expect((await get('analyst-phuong', `/procedure-versions/${entry}/xml`)).text).toContain(`id="${OWN}"`);

    expect((await get('analyst-sxd', `/procedure-versions?key=${OWN}`)).body.items).toEqual([]);
    for (const user of ['analyst-sxd', 'auditor-sxd', 'analyst']) expectErrorBody(await get(user, `/procedure-versions/${entry}/xml`), 404, 'NOT_FOUND');
    expect((await get('admin', `/procedure-versions/${entry}/xml`)).status).toBe(200);

    expectErrorBody(await get('officer-phuong', `/procedure-versions?key=${OWN}`), 403, 'FORBIDDEN');
    expectErrorBody(await get('portal', `/process-definitions/${OWN}/versions/1/forms`), 403, 'FORBIDDEN');
    expectErrorBody(await get(null, `/procedure-versions?key=${OWN}`), 401, 'UNAUTHENTICATED');
    expectErrorBody(await get(null, `/process-definitions/${OWN}/versions/1/forms`), 401, 'UNAUTHENTICATED');
  });

  it('a stored form by its hash: for who may read a version or draft that uses it', async () => {
    const { sha256 } = (await get('admin', `/process-definitions/${OWN}/versions/1/forms`)).body.forms[0] as { sha256: string };
    const path = `/forms/sha256:${sha256}`;
    expect((await get('analyst-phuong', path)).body).toMatchObject({ hash: sha256, schema: expect.objectContaining({ id: OWN_FORM }) });
    expect((await get('admin', path)).status).toBe(200);
    for (const user of ['analyst-sxd', 'analyst', 'auditor-sxd']) expectErrorBody(await get(user, path), 404, 'NOT_FOUND');
    expectErrorBody(await get('officer-phuong', path), 403, 'FORBIDDEN');
    expectErrorBody(await get(null, path), 401, 'UNAUTHENTICATED');
  });
});
