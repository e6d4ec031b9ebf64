import { randomUUID } from 'node:crypto';
import {
  DocumentVersionConflictError,
  documentVersions,
  getDocument,
  insertDocument,
  insertNextVersion,
  listDocuments,
  listSignatureSiblings,
  openTestDatabase,
  setSignatureSummary,
  testDatabaseKinds,
  type NewDocument,
  type TestDatabase,
} from '../..';

describe.each(testDatabaseKinds())('document store (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => (db = await openTestDatabase(kind)));
  afterAll(() => db.close());

  const doc = (instanceId: string, over: Partial<NewDocument> = {}): NewDocument => ({
    instanceId,
    kind: 'component',
    name: 'to-khai.pdf',
    mediaType: 'application/pdf',
    sizeBytes: 1234,
    sha256: 'a'.repeat(64),
    storageKey: `sha256/${'a'.repeat(64)}`,
    uploadedBy: 'officer',
    ...over,
  });

  it('keeps old versions and lists the current one', async () => {
    const inst = randomUUID();
    const v1 = await insertDocument(db.ds, doc(inst));
    const v2 = await insertNextVersion(db.ds, v1.id, doc(inst, { sha256: 'b'.repeat(64), signatureSummary: { count: 1, valid: true, lastVerifiedAt: '2026-11-22T00:00:00.000Z' } }));
    expect(v2).toMatchObject({ version: 2, supersedesId: v1.id, isCurrent: true });
    expect(await getDocument(db.ds, v1.id)).toMatchObject({ isCurrent: false, version: 1, sizeBytes: 1234 });
    expect((await listDocuments(db.ds, inst)).map((d) => d.id)).toEqual([v2.id]);
    expect((await listDocuments(db.ds, inst, { allVersions: true })).map((d) => d.id).sort()).toEqual([v1.id, v2.id].sort());
    expect((await documentVersions(db.ds, v1.id)).map((d) => d.version)).toEqual([1, 2]);
    expect((await getDocument(db.ds, v2.id))?.signatureSummary).toEqual({ count: 1, valid: true, lastVerifiedAt: '2026-11-22T00:00:00.000Z' });
  });

  it('refuses to supersede a version twice (concurrent signings): the loser writes nothing', async () => {
    const inst = randomUUID();
    const v1 = await insertDocument(db.ds, doc(inst));
    const results = await Promise.allSettled([insertNextVersion(db.ds, v1.id, doc(inst)), insertNextVersion(db.ds, v1.id, doc(inst))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DocumentVersionConflictError);
    expect(await listDocuments(db.ds, inst, { allVersions: true })).toHaveLength(2);
  });

  it('keeps detached signatures as siblings, out of the dossier list', async () => {
    const inst = randomUUID();
    const xml = await insertDocument(db.ds, doc(inst, { name: 'to-khai.xml', mediaType: 'application/xml' }));
    const p7s = await insertDocument(db.ds, doc(inst, { kind: 'signature', name: 'to-khai.xml.p7s', signsDocumentId: xml.id }));
    await setSignatureSummary(db.ds, xml.id, { count: 1, valid: true, lastVerifiedAt: new Date(0).toISOString() });
    expect((await listDocuments(db.ds, inst)).map((d) => d.id)).toEqual([xml.id]);
    expect((await listSignatureSiblings(db.ds, xml.id)).map((d) => d.id)).toEqual([p7s.id]);
    expect((await getDocument(db.ds, xml.id))?.signatureSummary.count).toBe(1);
  });
});
