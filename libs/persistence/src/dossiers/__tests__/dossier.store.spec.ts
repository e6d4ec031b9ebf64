import {
  appendDossierEvent,
  changeDossierStatus,
  DossierTransitionError,
  findReusableDocuments,
  getDossier,
  inTransaction,
  insertDocument,
  issueDossierCode,
  listDossierComponents,
  listDossierEvents,
  listDossierProgress,
  listDossiers,
  listPendingSync,
  openTestDatabase,
  reserveDossierCode,
  setComponentDocument,
  testDatabaseKinds,
  updateDossier,
  verifyDossierEvents,
  vietnamDay,
  type ProgressInput,
  type TestDatabase,
} from '../..';
import { insertDossier, newDossier, seedProcedure } from '../../testing/dossier-fixture';
import { createDossier } from '../dossier.store';

const by: ProgressInput = { actor: 'officer', handler: 'Nguyễn Thị Cán Bộ', handlerTitle: 'Chuyên viên', unitName: 'Bộ phận Một cửa', unit: 'MOTCUA', content: 'Tiếp nhận hồ sơ' };

describe.each(testDatabaseKinds())('dossier store (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await seedProcedure(db.ds);
  });
  afterAll(() => db.close());

  it('creates the row, its components, the first event and the first progress record together', async () => {
    const { dossier } = await insertDossier(db.ds);
    expect(await getDossier(db.ds, dossier.id)).toMatchObject({ status: 1, code: null, eventCount: 1, applicantName: 'Nguyễn Văn An' });
    expect((await listDossierComponents(db.ds, dossier.id)).map((c) => [c.componentKey, c.required])).toEqual([
      ['ban-chinh', true],
      ['ban-sao', true],
      ['giay-uy-quyen', false],
    ]);
    expect((await listDossierEvents(db.ds, dossier.id)).map((e) => e.kind)).toEqual(['dossier.created']);
    const progress = await listDossierProgress(db.ds, dossier.id);
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ seq: 1, status: 1, dossierCode: dossier.id, content: 'Nộp hồ sơ trực tuyến' });
    expect((await listPendingSync(db.ds, 1000)).filter((o) => o.dossierId === dossier.id)).toHaveLength(1);
  });

  it('writes nothing when the transaction that creates a dossier fails', async () => {
    const n = newDossier();
    await expect(
      inTransaction(db.ds, async (m) => {
        await createDossier(m, n);
        throw new Error('workflow start failed');
      }),
    ).rejects.toThrow('workflow start failed');
    expect(await getDossier(db.ds, n.id)).toBeNull();
    expect(await listDossierEvents(db.ds, n.id)).toEqual([]);
    expect(await listDossierProgress(db.ds, n.id)).toEqual([]);
  });

  it('issues 50 distinct, consecutive codes to 50 concurrent receipts of one unit', async () => {
    const receivedAt = new Date('2026-12-03T03:00:00Z'); // 10:00 in Hà Nội
    const dossiers = await Promise.all(Array.from({ length: 50 }, () => insertDossier(db.ds)));
    const codes = await Promise.all(
      dossiers.map(({ dossier }) =>
        inTransaction(db.ds, async (m) => {
          const code = await issueDossierCode(m, 'STP.MOTCUA', receivedAt);
          await updateDossier(m, dossier.id, { code, receivedAt }, { kind: 'dossier.received', actor: 'officer', at: receivedAt });
          return code;
        }),
      ),
    );
    expect(new Set(codes).size).toBe(50);
    expect([...codes].sort()).toEqual(Array.from({ length: 50 }, (_, i) => `STP.MOTCUA-261203-${String(i + 1).padStart(4, '0')}`));
    const listed = await listDossiers(db.ds, { agency: 'STP', receivedFrom: receivedAt, limit: 100 });
    expect(listed.items.map((d) => d.code).sort()).toEqual([...codes].sort());
  });

  it('starts each day (Asia/Ho_Chi_Minh) at 0001, and a rolled-back issuance gives its number back', async () => {
    // 23:59:59 on 04/12 in Hà Nội, then 00:00:00 on 05/12
    const late = new Date('2026-12-04T16:59:59Z');
    const midnight = new Date('2026-12-04T17:00:00Z');
    expect(vietnamDay(late)).toBe('261204');
    expect(vietnamDay(midnight)).toBe('261205');
    expect(await inTransaction(db.ds, (m) => issueDossierCode(m, 'STP.MOTCUA', late))).toBe('STP.MOTCUA-261204-0001');
    await expect(
      inTransaction(db.ds, async (m) => {
        await issueDossierCode(m, 'STP.MOTCUA', late);
        throw new Error('guard refused');
      }),
    ).rejects.toThrow('guard refused');
    expect(await inTransaction(db.ds, (m) => issueDossierCode(m, 'STP.MOTCUA', late))).toBe('STP.MOTCUA-261204-0002');
    expect(await inTransaction(db.ds, (m) => issueDossierCode(m, 'STP.MOTCUA', midnight))).toBe('STP.MOTCUA-261205-0001');
    // another unit has its own sequence
    expect(await inTransaction(db.ds, (m) => issueDossierCode(m, 'SXD.MOTCUA', late))).toBe('SXD.MOTCUA-261204-0001');
    await expect(inTransaction(db.ds, (m) => issueDossierCode(m, "X'; DROP TABLE dossiers;--", late))).rejects.toThrow(/cannot start a dossier code/);
  });

  it('reserves codes outside the receiving transaction: distinct and consecutive under concurrency, and a receive still open does not hold the next one', async () => {
    const day = new Date('2026-12-07T02:00:00Z');
    const codes = await Promise.all(Array.from({ length: 30 }, () => reserveDossierCode(db.ds, 'STP.MOTCUA', day)));
    expect([...codes].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `STP.MOTCUA-261207-${String(i + 1).padStart(4, '0')}`));
    // a receive that took its code and is still in its transaction (rendering and sealing its receipt) …
    const { dossier } = await insertDossier(db.ds);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = await reserveDossierCode(db.ds, 'STP.MOTCUA', day);
    const receiving = inTransaction(db.ds, async (m) => {
      await updateDossier(m, dossier.id, { code: first, receivedAt: day }, { kind: 'dossier.received', actor: 'officer', at: day });
      await held;
    });
    // … does not make the next receive of the unit wait (SQLite: writers queue anyway, so only PostgreSQL shows it)
    const second = kind === 'postgres' ? await reserveDossierCode(db.ds, 'STP.MOTCUA', day) : undefined;
    release();
    await receiving;
    expect(first).toBe('STP.MOTCUA-261207-0031');
    if (second) expect(second).toBe('STP.MOTCUA-261207-0032');
    // a number whose receive failed is skipped, never handed out twice
    const other = (await insertDossier(db.ds)).dossier;
    const skipped = await reserveDossierCode(db.ds, 'STP.MOTCUA', day);
    await expect(
      inTransaction(db.ds, async (m) => {
        await updateDossier(m, other.id, { code: skipped, receivedAt: day }, { kind: 'dossier.received', actor: 'officer', at: day });
        throw new Error('seal key missing');
      }),
    ).rejects.toThrow('seal key missing');
    expect((await getDossier(db.ds, other.id))?.code).toBeNull();
    const next = Number(skipped.slice(-4)) + 1;
    expect(await reserveDossierCode(db.ds, 'STP.MOTCUA', day)).toBe(`STP.MOTCUA-261207-${String(next).padStart(4, '0')}`);
  });

  it('moves through 1 → 2 → 4 → 9 → 10 with one progress record and outbox row per transition', async () => {
    const { dossier } = await insertDossier(db.ds);
    const steps: Array<[2 | 4 | 9 | 10, string]> = [
      [2, 'Tiếp nhận hồ sơ'],
      [4, 'Chuyển xử lý'],
      [9, 'Phê duyệt kết quả'],
      [10, 'Trả kết quả'],
    ];
    let t = Date.parse('2026-12-02T03:00:00Z');
    for (const [to, content] of steps) {
      await inTransaction(db.ds, (m) => changeDossierStatus(m, dossier.id, to, { ...by, content }, new Date((t += 60_000))));
    }
    const row = await getDossier(db.ds, dossier.id);
    expect(row).toMatchObject({ status: 10, version: 5, eventCount: 5 });
    expect(row?.finishedAt?.toISOString()).toBe('2026-12-02T03:03:00.000Z');
    expect(row?.returnedAt?.toISOString()).toBe('2026-12-02T03:04:00.000Z');
    const progress = await listDossierProgress(db.ds, dossier.id);
    expect(progress.map((p) => [p.seq, p.status, p.content])).toEqual([
      [1, 1, 'Nộp hồ sơ trực tuyến'],
      [2, 2, 'Tiếp nhận hồ sơ'],
      [3, 4, 'Chuyển xử lý'],
      [4, 9, 'Phê duyệt kết quả'],
      [5, 10, 'Trả kết quả'],
    ]);
    const outbox = (await listPendingSync(db.ds, 10_000)).filter((o) => o.dossierId === dossier.id);
    expect(outbox.map((o) => o.payload.TrangThai)).toEqual([1, 2, 4, 9, 10]);
    expect(outbox[1].payload).toMatchObject({ NguoiXuLy: 'Nguyễn Thị Cán Bộ', ChucDanh: 'Chuyên viên', PhongBanXuLy: 'Bộ phận Một cửa' });
    // a returned dossier never changes status again; a transition to the same status is refused
    await expect(inTransaction(db.ds, (m) => changeDossierStatus(m, dossier.id, 4, by, new Date()))).rejects.toBeInstanceOf(DossierTransitionError);
    const other = await insertDossier(db.ds);
    await expect(inTransaction(db.ds, (m) => changeDossierStatus(m, other.dossier.id, 1, by, new Date()))).rejects.toBeInstanceOf(DossierTransitionError);
    expect(await listDossierProgress(db.ds, other.dossier.id)).toHaveLength(1);
    expect(await verifyDossierEvents(db.ds, dossier.id)).toEqual({ ok: true, count: 5 });
  });

  it('keeps one chain per dossier under concurrent appends', async () => {
    const { dossier } = await insertDossier(db.ds);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inTransaction(db.ds, (m) => appendDossierEvent(m, dossier.id, { kind: 'note', actor: 'officer', at: new Date(), payload: { i } })),
      ),
    );
    const events = await listDossierEvents(db.ds, dossier.id);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(await verifyDossierEvents(db.ds, dossier.id)).toEqual({ ok: true, count: 21 });
  });

  describe('chain verification', () => {
    async function dossierWithEvents(n: number) {
      const { dossier } = await insertDossier(db.ds);
      for (let i = 0; i < n; i++) {
        await inTransaction(db.ds, (m) => appendDossierEvent(m, dossier.id, { kind: 'handover', actor: 'officer', unit: 'MOTCUA', at: new Date(), payload: { to: `u${i}` } }));
      }
      return dossier.id;
    }
    const sql = (s: string) => (kind === 'postgres' ? s.replace(/\?/g, (() => { let i = 0; return () => `$${++i}`; })()) : s);

    it('detects an edited row at that row', async () => {
      const id = await dossierWithEvents(4);
      await db.ds.query(sql(`UPDATE dossier_events SET payload = ? WHERE dossier_id = ? AND seq = 3`), ['{"to":"someone-else"}', id]);
      expect(await verifyDossierEvents(db.ds, id)).toEqual({ ok: false, count: 2, brokenAtSeq: 3, reason: 'hash' });
    });

    it('detects a deleted row in the middle and a deleted newest row', async () => {
      const middle = await dossierWithEvents(4);
      await db.ds.query(sql(`DELETE FROM dossier_events WHERE dossier_id = ? AND seq = 2`), [middle]);
      expect(await verifyDossierEvents(db.ds, middle)).toEqual({ ok: false, count: 1, brokenAtSeq: 2, reason: 'missing' });
      const newest = await dossierWithEvents(4);
      await db.ds.query(sql(`DELETE FROM dossier_events WHERE dossier_id = ? AND seq = 5`), [newest]);
      expect(await verifyDossierEvents(db.ds, newest)).toEqual({ ok: false, count: 4, brokenAtSeq: 5, reason: 'missing' });
    });
  });

  it('links a component to a scan or to a reused document of the same applicant in the same agency', async () => {
    const first = await insertDossier(db.ds, { applicant: { type: 1, name: 'Lê Thị Bình', idNumber: '034199000111', address: 'Hưng Yên' } });
    const scan = await insertDocument(db.ds, {
      instanceId: first.dossier.instanceId,
      dossierId: first.dossier.id,
      kind: 'component',
      name: 'ban-chinh.pdf',
      mediaType: 'application/pdf',
      sizeBytes: 10,
      sha256: 'c'.repeat(64),
      storageKey: 'k',
      uploadedBy: 'officer',
    });
    const at = new Date();
    await inTransaction(db.ds, (m) => setComponentDocument(m, first.dossier.id, first.components[0].id, { documentId: scan.id }, { actor: 'officer', at }));
    const second = await insertDossier(db.ds, { applicant: { type: 1, name: 'Lê Thị Bình', idNumber: '034199000111', address: 'Hưng Yên' } });
    const elsewhere = await insertDossier(db.ds, { agency: 'SXD', applicant: { type: 1, name: 'Lê Thị Bình', idNumber: '034199000111', address: 'Hưng Yên' } });
    const stranger = await insertDossier(db.ds, { applicant: { type: 1, name: 'Trần C', idNumber: '099999999999', address: 'Hà Nội' } });
    expect((await findReusableDocuments(db.ds, second.dossier)).map((r) => [r.document.id, r.dossierId])).toEqual([[scan.id, first.dossier.id]]);
    expect(await findReusableDocuments(db.ds, elsewhere.dossier)).toEqual([]);
    expect(await findReusableDocuments(db.ds, stranger.dossier)).toEqual([]);
    await inTransaction(db.ds, (m) => setComponentDocument(m, second.dossier.id, second.components[0].id, { reusedDocumentId: scan.id }, { actor: 'officer', at }));
    expect((await listDossierComponents(db.ds, second.dossier.id))[0]).toMatchObject({ reusedDocumentId: scan.id, documentId: null });
    expect((await listDossierEvents(db.ds, second.dossier.id)).map((e) => e.kind)).toEqual(['dossier.created', 'component.reused']);
  });

  it('pages newest first with filters', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    const all: string[] = [];
    do {
      const page = await listDossiers(db.ds, { agency: 'STP', statuses: [1], limit: 7, cursor });
      for (const d of page.items) {
        expect(seen.has(d.id)).toBe(false);
        seen.add(d.id);
        all.push(d.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const direct = await db.ds.query(`SELECT COUNT(*) AS n FROM dossiers WHERE agency_code = 'STP' AND status = 1`);
    expect(all.length).toBe(Number(direct[0].n));
    expect(all.length).toBeGreaterThan(7);
    expect((await listDossiers(db.ds, { applicantIdNumber: '099999999999', limit: 10 })).items).toHaveLength(1);
  });
});
