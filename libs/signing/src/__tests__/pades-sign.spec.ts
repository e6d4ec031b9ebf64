import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { signPdf, verifyPdf } from '..';
import { changeOneByte, OFFICER, samplePdf, SEAL, tempDir, testPki, TestPki } from './helpers/fixtures';
import { pdfsig, pdftotext, pyhankoValidate, run } from './helpers/tools';

describe('PAdES signing of a PDF', () => {
  let dir: string;
  let pki: TestPki;
  let signed: Uint8Array;
  let file: string;

  beforeAll(async () => {
    dir = tempDir();
    pki = await testPki(dir);
    const result = await signPdf(await samplePdf(), { provider: await pki.provider(OFFICER), reason: 'Đã kiểm tra thành phần hồ sơ' });
    signed = result.pdf;
    file = path.join(dir, 'signed.pdf');
    writeFileSync(file, signed);
  });

  it('is reported valid, trusted and intact by our verifier', async () => {
    const report = await verifyPdf(signed, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(true);
    expect(report.signatures).toHaveLength(1);
    const [sig] = report.signatures;
    expect(sig).toMatchObject({ signer: 'Nguyễn Văn An', intact: true, signatureValid: true, trusted: true, coversWholeDocument: true, problems: [] });
    expect(sig.reason).toBe('Đã kiểm tra thành phần hồ sơ');
    expect(sig.revocation).toBe('unknown');
  });

  it('keeps the original bytes as the first revision (incremental update)', async () => {
    const original = await samplePdf();
    const again = await signPdf(original, { provider: await pki.provider(OFFICER) });
    expect(Buffer.from(again.pdf.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
  });

  it('works on a PDF with a cross-reference stream and object streams', async () => {
    const { pdf } = await signPdf(await samplePdf({ objectStreams: true }), { provider: await pki.provider(OFFICER) });
    const report = await verifyPdf(pdf, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(true);
    const f = path.join(dir, 'xref-stream.pdf');
    writeFileSync(f, pdf);
    const r = pdfsig(f);
    expect(r.out).not.toMatch(/Syntax Error/);
    expect(r.out).toMatch(/Signature is Valid/);
  });

  it('signs a PDF written by another producer (cairo, via poppler pdftocairo)', async () => {
    const source = path.join(dir, 'source.pdf');
    const cairo = path.join(dir, 'cairo.pdf');
    writeFileSync(source, await samplePdf({ objectStreams: true }));
    expect(run('pdftocairo', ['-pdf', source, cairo]).status).toBe(0);
    const { pdf } = await signPdf(readFileSync(cairo), { provider: await pki.provider(OFFICER), reason: 'Bản do cairo tạo' });
    expect((await verifyPdf(pdf, { trustAnchors: pki.anchors })).valid).toBe(true);
    const out = path.join(dir, 'cairo-signed.pdf');
    writeFileSync(out, pdf);
    expect(pdfsig(out).out).toMatch(/Signature is Valid/);
    expect(pdftotext(out)).toContain('Lý do: Bản do cairo tạo');
    expect(pyhankoValidate(out, pki.rootPem).out).toMatch(/The signature is judged VALID\./);
  });

  it('shows a visible stamp in Vietnamese with signer, agency, time and reason', () => {
    const text = pdftotext(file);
    expect(text).toContain('Ký bởi: Nguyễn Văn An');
    expect(text).toContain('Cơ quan: UBND xã Tân Phú');
    expect(text).toMatch(/Thời gian: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(GMT\+7\)/);
    expect(text).toContain('Lý do: Đã kiểm tra thành phần hồ sơ');
  });

  it('is reported valid by poppler pdfsig', () => {
    const r = pdfsig(file);
    expect(r.out).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(r.out).toMatch(/Total document signed/);
    expect(r.out).toMatch(/Signature Validation: Signature is Valid\./);
  });

  it('is reported VALID and trusted by pyHanko', () => {
    const r = pyhankoValidate(file, pki.rootPem);
    expect(r.out).toMatch(/The signer's certificate is trusted\./);
    expect(r.out).toMatch(/The signature is cryptographically sound\./);
    expect(r.out).toMatch(/The signature is judged VALID\./);
    expect(r.status).toBe(0);
  });

  describe('with one byte changed after signing', () => {
    let tampered: Uint8Array;
    let tamperedFile: string;
    beforeAll(() => {
      tampered = changeOneByte(signed);
      tamperedFile = path.join(dir, 'tampered.pdf');
      writeFileSync(tamperedFile, tampered);
    });

    it('is invalid for our verifier (digest mismatch)', async () => {
      const report = await verifyPdf(tampered, { trustAnchors: pki.anchors });
      expect(report.valid).toBe(false);
      expect(report.signatures[0].intact).toBe(false);
      expect(report.signatures[0].problems.map((p) => p.code)).toContain('DIGEST_MISMATCH');
    });

    it('is invalid for pdfsig', () => {
      const r = pdfsig(tamperedFile);
      expect(r.out).not.toMatch(/Signature is Valid/);
      expect(r.out).toMatch(/Digest Mismatch/i);
    });

    it('is invalid for pyHanko', () => {
      const r = pyhankoValidate(tamperedFile, pki.rootPem);
      expect(r.out).not.toMatch(/judged VALID/);
      expect(r.out).toMatch(/INVALID/);
    });
  });

  it('is not trusted against another root, with the reason', async () => {
    const other = await testPki(tempDir());
    const report = await verifyPdf(signed, { trustAnchors: other.anchors });
    expect(report.valid).toBe(false);
    const [sig] = report.signatures;
    expect(sig.intact).toBe(true);
    expect(sig.signatureValid).toBe(true);
    expect(sig.trusted).toBe(false);
    expect(sig.problems).toEqual([expect.objectContaining({ code: 'UNTRUSTED_CHAIN', message: expect.stringContaining('trust anchor') })]);
  });

  it('reports an unsigned PDF as not valid, with no signature', async () => {
    const report = await verifyPdf(await samplePdf(), { trustAnchors: pki.anchors });
    expect(report).toEqual({ valid: false, signatures: [] });
  });

  it('uses the agency seal name on a second stamp placed beside the first', async () => {
    const second = await signPdf(signed, { provider: await pki.provider(SEAL), reason: 'Phê duyệt' });
    const report = await verifyPdf(second.pdf, { trustAnchors: pki.anchors });
    expect(report.signatures.map((s) => s.signer)).toEqual(['Nguyễn Văn An', 'UBND xã Tân Phú']);
  });
});
