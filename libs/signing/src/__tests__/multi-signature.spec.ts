import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { signPdf, verifyPdf } from '..';
import { writeIncrementalUpdate, trailerSize } from '../pdf/pdf-incremental-writer';
import { changeOneByte, OFFICER, samplePdf, SEAL, tempDir, testPki, TestPki } from './helpers/fixtures';
import { pdfsig, pyhankoValidate } from './helpers/tools';

describe('officer then agency: two successive signatures', () => {
  let dir: string;
  let pki: TestPki;
  let twice: Uint8Array;
  let file: string;

  beforeAll(async () => {
    dir = tempDir();
    pki = await testPki(dir);
    const once = await signPdf(await samplePdf({ objectStreams: true }), { provider: await pki.provider(OFFICER), reason: 'Đã kiểm tra hồ sơ' });
    twice = (await signPdf(once.pdf, { provider: await pki.provider(SEAL), reason: 'Phát hành kết quả' })).pdf;
    file = path.join(dir, 'two.pdf');
    writeFileSync(file, twice);
  });

  it('both verify; the first covers its revision, followed only by a signature', async () => {
    const report = await verifyPdf(twice, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(true);
    const [officer, agency] = report.signatures;
    expect(officer).toMatchObject({ field: 'Signature1', signer: 'Nguyễn Văn An', valid: true, coversWholeDocument: false, laterRevisions: 'signatures-only' });
    expect(agency).toMatchObject({ field: 'Signature2', signer: 'UBND xã Tân Phú', valid: true, coversWholeDocument: true, laterRevisions: 'none' });
  });

  it('both are valid for pdfsig', () => {
    const r = pdfsig(file);
    expect(r.out.match(/Signature is Valid/g)).toHaveLength(2);
    expect(r.out).not.toMatch(/Syntax Error/);
  });

  it('both are VALID for pyHanko, whose diff analysis accepts the second revision', () => {
    const r = pyhankoValidate(file, pki.rootPem);
    expect(r.out.match(/The signature is judged VALID\./g)).toHaveLength(2);
    expect(r.out).toMatch(/All modifications relate to signing and form filling operations/);
  });

  it('one changed byte in the first revision breaks both signatures', async () => {
    const report = await verifyPdf(changeOneByte(twice), { trustAnchors: pki.anchors });
    expect(report.valid).toBe(false);
    expect(report.signatures.map((s) => s.intact)).toEqual([false, false]);
  });

  it('a later revision that changes page content invalidates the earlier signature', async () => {
    // Append an unsigned incremental update that draws on the page — the classic shadow attack.
    const doc = await PDFDocument.load(twice, { updateMetadata: false });
    doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, trailerSize(twice) - 1);
    const before = doc.context.largestObjectNumber;
    const page = doc.getPage(0);
    page.drawText('DA DUOC DUYET 1.000.000.000 VND', { x: 50, y: 600, font: await doc.embedFont(StandardFonts.Helvetica) });
    await doc.flush();
    const fresh = doc.context.enumerateIndirectObjects().map(([r]) => r).filter((r) => r.objectNumber > before);
    const altered = writeIncrementalUpdate(twice, doc.context, [page.ref, ...fresh]).bytes;

    const report = await verifyPdf(altered, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(false);
    for (const sig of report.signatures) {
      expect(sig.intact).toBe(true); // the signed bytes themselves are untouched…
      expect(sig.laterRevisions).toBe('other-changes'); // …but what is shown is not what was signed
      expect(sig.problems.map((p) => p.code)).toContain('MODIFIED_AFTER_SIGNING');
    }
  });
});
