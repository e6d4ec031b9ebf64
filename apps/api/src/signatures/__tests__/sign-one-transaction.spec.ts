import { insertInstance, listAudit, testDatabaseKinds, verifyAuditChain, withInsertRefused } from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';

/**
 * Server signing stores the signed version (or the detached signature) and its `document.sign`
 * audit entry in ONE transaction: when either write fails, neither is there. The failures are
 * real database refusals (a trigger), not mocks.
 */
async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('QUYET DINH', { x: 60, y: 760, size: 16, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe.each(testDatabaseKinds())('server signing: the new version and its audit entry in one transaction (%s)', (kind) => {
  let h: Harness;
  let officer: string;
  const instanceId = randomUUID();

  beforeAll(async () => {
    h = await startApi(kind);
    officer = await h.login('officer');
    await insertInstance(h.api.ds, { id: instanceId, processKey: 'cu-tru', version: 1, definitionId: randomUUID(), variables: {}, agency: 'STP', startedBy: 'officer', workflowId: `pi/${instanceId}` });
  }, 60_000);
  afterAll(() => h?.close());

  const upload = async (data: Buffer, name: string, type: string) => {
    const body = new FormData();
    body.append('kind', 'result');
    body.append('file', new Blob([new Uint8Array(data)], { type }), name);
    const res = await h.call('POST', `/api/v1/process-instances/${instanceId}/documents`, { token: officer, body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const versionsNamed = async (name: string) =>
    (await h.call('GET', `/api/v1/process-instances/${instanceId}/documents?versions=all`, { token: officer })).body.items.filter((d: { name: string }) => d.name.startsWith(name));
  const signEntries = async (documentId: string) =>
    (await listAudit(h.api.ds, { entity: 'process-instance', entityId: instanceId, limit: 1000 })).filter((e) => e.action === 'document.sign' && e.details.documentId === documentId);
  const withRefusal = (table: string, when: string, fn: () => Promise<void>) => withInsertRefused({ kind, ds: h.db.ds }, table, when, fn);

  it('a refused audit entry leaves no signed version; once the audit log accepts it, signing works', async () => {
    const id = await upload(await onePagePdf(), 'quyết-định.pdf', 'application/pdf');
    await withRefusal('audit_log', "NEW.action = 'document.sign'", async () => {
      expectErrorBody(await h.call('POST', `/api/v1/documents/${id}/sign`, { token: officer, json: {} }), 500, 'INTERNAL');
    });
    expect((await versionsNamed('quyết-định.pdf')).map((d: { version: number; isCurrent: boolean }) => [d.version, d.isCurrent])).toEqual([[1, true]]);
    expect(await signEntries(id)).toEqual([]);

    const signed = await h.call('POST', `/api/v1/documents/${id}/sign`, { token: officer, json: {} });
    expect(signed.status).toBe(201);
    expect(signed.body.document).toMatchObject({ version: 2, supersedesId: id, isCurrent: true });
    expect((await signEntries(id)).map((e) => e.details.newDocumentId)).toEqual([signed.body.document.id]);
    expect((await verifyAuditChain(h.db.ds)).ok).toBe(true);
  }, 60_000);

  it('a refused audit entry leaves no detached signature beside a non-PDF file', async () => {
    const id = await upload(Buffer.from('biên bản kiểm tra'), 'biên-bản.txt', 'text/plain');
    await withRefusal('audit_log', "NEW.action = 'document.sign'", async () => {
      expectErrorBody(await h.call('POST', `/api/v1/documents/${id}/sign`, { token: officer, json: {} }), 500, 'INTERNAL');
    });
    expect((await versionsNamed('biên-bản.txt')).map((d: { name: string }) => d.name)).toEqual(['biên-bản.txt']);
    expect(await signEntries(id)).toEqual([]);
  }, 60_000);

  it('a refused version row leaves no audit entry', async () => {
    const id = await upload(await onePagePdf(), 'giấy-phép.pdf', 'application/pdf');
    await withRefusal('documents', 'NEW.supersedes_id IS NOT NULL', async () => {
      expectErrorBody(await h.call('POST', `/api/v1/documents/${id}/sign`, { token: officer, json: {} }), 500, 'INTERNAL');
    });
    expect((await versionsNamed('giấy-phép.pdf')).map((d: { version: number; isCurrent: boolean }) => [d.version, d.isCurrent])).toEqual([[1, true]]);
    expect(await signEntries(id)).toEqual([]);
  }, 60_000);
});
