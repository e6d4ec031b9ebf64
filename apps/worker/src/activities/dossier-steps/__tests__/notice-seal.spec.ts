/**
 * Agency seal on generated notices: the step guard (real activity, real database — PostgreSQL
 * when DATABASE_URL is set, else SQLite — real dev PKI, real PAdES) stores Mẫu 01 and Mẫu 04
 * sealed with the issuing agency's key; our verifier and poppler's pdfsig both accept the
 * stored bytes and name the agency's seal certificate as the signer.
 */
import {
  createDossier,
  DocumentEntity,
  ensureUser,
  inTransaction,
  LocalBlobStore,
  openTestDatabase,
  testDatabaseKinds,
  upsertAgency,
  upsertProcedure,
  upsertUnit,
  type TestDatabase,
} from '@tthc/persistence';
import { openAgencySeal, verifyPdf } from '@tthc/signing';
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROCEDURE } from '../../../testing/dossier-world';
import { dossierStepDeps, guardStepActivity, type DossierStepDeps } from '..';

jest.setTimeout(120_000);

const kinds = testDatabaseKinds();
const kind = kinds[kinds.length - 1];

let db: TestDatabase;
let dir: string;
let blobs: LocalBlobStore;
let deps: DossierStepDeps;
let guardStep: ReturnType<typeof guardStepActivity>;

beforeAll(async () => {
  db = await openTestDatabase(kind);
  dir = mkdtempSync(join(tmpdir(), 'tthc-notice-seal-'));
  blobs = new LocalBlobStore(join(dir, 'blobs'));
  deps = dossierStepDeps(db.ds, { dataDir: dir, blobs });
  guardStep = guardStepActivity(deps);
  await upsertAgency(db.ds, { code: 'STP', name: 'Sở Tư pháp' });
  await upsertAgency(db.ds, { code: 'SXD', name: 'Sở Xây dựng' });
  await upsertUnit(db.ds, { agency: 'STP', code: 'MOTCUA', name: 'Bộ phận Một cửa' });
  await ensureUser(db.ds, { username: 'officer', fullName: 'Nguyễn Thị Cán Bộ', passwordHash: 'x', roles: ['officer'], agency: 'STP', units: ['MOTCUA'] });
  await upsertProcedure(db.ds, PROCEDURE);
});

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function file(submittedAt: Date): Promise<string> {
  const id = randomUUID();
  await inTransaction(db.ds, (m) =>
    createDossier(m, {
      id,
      procedureCode: PROCEDURE.code,
      components: PROCEDURE.components,
      processKey: PROCEDURE.processKey,
      definitionId: randomUUID(),
      definitionVersion: 1,
      instanceId: randomUUID(),
      agency: 'STP',
      receivingUnit: 'MOTCUA',
      channel: 2,
      applicant: { type: 1, name: 'Trần Văn Công', idNumber: '033090099999', address: 'Văn Lâm, Hưng Yên', phone: null, email: null },
      summary: 'Chứng thực bản sao bằng tốt nghiệp',
      submittedAt,
      createdBy: 'portal',
      at: submittedAt,
      progress: { actor: 'portal', handler: 'Cổng Dịch vụ công', handlerTitle: 'Hệ thống', unitName: 'Bộ phận Một cửa', content: 'Nộp hồ sơ trực tuyến' },
    }),
  );
  return id;
}

const step = (dossierId: string, s: string, at: Date, variables: Record<string, unknown> = {}) => ({
  dossierId, instanceId: randomUUID(), taskId: randomUUID(), elementId: `Task_${s}`, step: s, by: 'officer', variables, at: at.toISOString(), agency: 'STP',
});

/** the stored bytes of a document, checked against its recorded SHA-256, also written to a file for pdfsig */
async function stored(documentId: string): Promise<{ bytes: Buffer; path: string; doc: DocumentEntity }> {
  const doc = await db.ds.getRepository(DocumentEntity).findOneByOrFail({ id: documentId });
  const bytes = await blobs.get(doc.storageKey);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
  const path = join(dir, `${documentId}.pdf`);
  writeFileSync(path, bytes);
  return { bytes, path, doc };
}

async function sealCertificate(code: string, name: string): Promise<X509Certificate> {
  const provider = await openAgencySeal({ code, name }, await deps.signing());
  try {
    return new X509Certificate(Buffer.from((await provider.certificateChain())[0]));
  } finally {
    await provider.close?.();
  }
}

/** the signer certificate inside the PDF's (only) CMS, read by openssl from the bytes of `/Contents` */
function signerCertificateOf(bytes: Buffer): X509Certificate {
  const hex = [...bytes.toString('latin1').matchAll(/\/Contents\s*<([0-9a-fA-F]{1000,})>/g)].map((m) => m[1]);
  expect(hex).toHaveLength(1);
  let der = Buffer.from(hex[0], 'hex');
  // the reserved space is zero-padded: cut at the end of the outer DER SEQUENCE (long form length)
  const n = der[1] & 0x7f;
  der = der.subarray(0, 2 + n + der.subarray(2, 2 + n).reduce((a, b) => a * 256 + b, 0));
  const cms = join(dir, `${randomUUID()}.p7s`);
  writeFileSync(cms, der);
  const pem = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', cms, '-print_certs'], { encoding: 'utf8' });
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const leaf = certs.map((c) => new X509Certificate(c)).find((c) => !c.ca);
  if (!leaf) throw new Error('no end-entity certificate in the CMS');
  return leaf;
}

describe('agency seal on the notices the step guard issues', () => {
  it('the stored Mẫu 01 of a received dossier verifies with our verifier and pdfsig, signed by the agency seal certificate', async () => {
    const now = new Date();
    const id = await file(new Date(now.getTime() - 60_000));
    const r = await guardStep(step(id, 'receive', now));
    expect(r.formDocumentId).toBeDefined();
    const { bytes, path, doc } = await stored(r.formDocumentId!);
    expect(doc.form).toBe('receipt');

    const report = await verifyPdf(bytes, await deps.signing());
    expect(report.valid).toBe(true);
    expect(report.signatures).toHaveLength(1);
    const [sig] = report.signatures;
    expect(sig).toMatchObject({ signer: 'Sở Tư pháp', intact: true, signatureValid: true, trusted: true, coversWholeDocument: true });
    expect(sig.reason).toBe('Phát hành Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    expect(sig.signedAt).toBe(now.toISOString().replace(/\.\d{3}Z$/, '.000Z'));

    const pdfsig = execFileSync('pdfsig', [path], { encoding: 'utf8' });
    expect(pdfsig).toContain('Signer Certificate Common Name: Sở Tư pháp');
    expect(pdfsig.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(1);
    expect(pdfsig).toContain('Signature Type: ETSI.CAdES.detached');

    // the signer is exactly the agency's seal certificate, not an officer's nor another agency's
    const seal = await sealCertificate('STP', 'Sở Tư pháp');
    const signer = signerCertificateOf(bytes);
    expect(signer.fingerprint256).toBe(seal.fingerprint256);
    expect(signer.fingerprint256).not.toBe((await sealCertificate('SXD', 'Sở Xây dựng')).fingerprint256);
    expect(seal.subject).toContain('O=Sở Tư pháp');

    // the sealed notice is still the readable form
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(r.dossierCode!);
  });

  it('Mẫu 04 is sealed into the agency head box (ky-agency-head)', async () => {
    const now = new Date();
    const id = await file(new Date(now.getTime() - 60_000));
    await guardStep({ ...step(id, 'receive', now), statutoryDays: 5 });
    const at = new Date(now.getTime() + 1000);
    const r = await guardStep(step(id, 'apology', at, { reason: 'Chờ xác minh bản chính', newDueAt: new Date(now.getTime() + 30 * 86_400_000).toISOString() }));
    const { bytes, path } = await stored(r.formDocumentId!);
    const report = await verifyPdf(bytes, await deps.signing());
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => [s.field, s.signer])).toEqual([['ky-agency-head', 'Sở Tư pháp']]);
    expect(execFileSync('pdfsig', [path], { encoding: 'utf8' })).toContain('Signature Validation: Signature is Valid.');
  });
});
