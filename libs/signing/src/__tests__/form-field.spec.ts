import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { signPdf, SigningErrorCode, verifyPdf } from '..';
import { OFFICER, SEAL, tempDir, testPki, TestPki } from './helpers/fixtures';
import { pdfsig, pdftotext, pyhankoValidate } from './helpers/tools';

/** A form (biểu mẫu) with an empty signature box "ChuTich" where the chairman signs. */
async function formWithSignatureBox(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const ctx = doc.context;
  const box = ctx.register(
    ctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: PDFString.of('ChuTich'), Rect: [330, 560, 545, 620], P: page.ref, F: 4 }),
  );
  page.node.set(PDFName.of('Annots'), ctx.obj([box]));
  doc.catalog.set(PDFName.of('AcroForm'), ctx.register(ctx.obj({ Fields: [box] })));
  return doc.save({ useObjectStreams: false });
}

describe('signing into an empty signature field of a form', () => {
  let dir: string;
  let pki: TestPki;
  beforeAll(async () => {
    dir = tempDir();
    pki = await testPki(dir);
  });

  it('fills the named box (stamp sized to it) and leaves other signatures as new fields', async () => {
    const officer = await signPdf(await formWithSignatureBox(), { provider: await pki.provider(OFFICER), field: 'ChuTich', reason: 'Phê duyệt' });
    expect(officer.fieldName).toBe('ChuTich');
    const sealed = await signPdf(officer.pdf, { provider: await pki.provider(SEAL) });
    const report = await verifyPdf(sealed.pdf, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => [s.field, s.signer])).toEqual([
      ['ChuTich', 'Nguyễn Văn An'],
      ['Signature2', 'UBND xã Tân Phú'],
    ]);
    const file = path.join(dir, 'form-signed.pdf');
    writeFileSync(file, sealed.pdf);
    expect(pdfsig(file).out.match(/Signature is Valid/g)).toHaveLength(2);
    expect(pdftotext(file)).toContain('Ký bởi: Nguyễn Văn An');
    expect(pyhankoValidate(file, pki.rootPem).out.match(/The signature is judged VALID\./g)).toHaveLength(2);
  });

  it('refuses to sign a box that is already signed', async () => {
    const once = await signPdf(await formWithSignatureBox(), { provider: await pki.provider(OFFICER), field: 'ChuTich' });
    await expect(signPdf(once.pdf, { provider: await pki.provider(SEAL), field: 'ChuTich' })).rejects.toMatchObject({
      code: SigningErrorCode.INVALID_INPUT,
      message: 'Signature field "ChuTich" is already signed',
    });
  });
});
