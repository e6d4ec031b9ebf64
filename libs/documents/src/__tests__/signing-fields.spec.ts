import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAgencyCa,
  createRootCa,
  encodePkcs12,
  exportPkcs8,
  issueSigningCertificate,
  Pkcs12KeyProvider,
  signPdf,
  SignerSubject,
  verifyPdf,
} from '@tthc/signing';
import { renderForm } from '../index';
import { pdfText, saveSample } from './helpers/pdf-tools';
import { AFTER_SWITCH, LOOKUP_URL, SAMPLES } from './helpers/sample-forms';

describe('the generated forms are signed where their signature blocks are', () => {
  it('the apology (Mẫu 04) is signed with the agency seal into its agency-head box and verifies (our verifier and pdfsig)', async () => {
    const rendered = await renderForm('apology', SAMPLES.apology(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    expect(rendered.signatureBoxes).toEqual([expect.objectContaining({ role: 'agency-head', field: 'ky-agency-head', page: 0 })]);

    const root = await createRootCa();
    const agencyCa = await createAgencyCa(root, 'Sở Tư pháp tỉnh Hưng Yên');
    const seal: SignerSubject = { commonName: 'Sở Tư pháp tỉnh Hưng Yên', organization: 'Sở Tư pháp tỉnh Hưng Yên' };
    const id = await issueSigningCertificate(agencyCa, seal);
    const p12 = await encodePkcs12(await exportPkcs8(id.keys.privateKey), [new Uint8Array(id.certificate.rawData), new Uint8Array(agencyCa.certificate.rawData)], 'pw');
    const signed = await signPdf(rendered.pdf, { provider: await Pkcs12KeyProvider.open(p12, 'pw'), field: 'ky-agency-head', reason: 'Xin lỗi và đề nghị gia hạn' });

    saveSample('TT03-2025-apology-signed.pdf', signed.pdf);
    expect(signed.fieldName).toBe('ky-agency-head');
    const report = await verifyPdf(signed.pdf, { trustAnchors: [new Uint8Array(root.certificate.rawData)] });
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => [s.field, s.signer])).toEqual([['ky-agency-head', 'Sở Tư pháp tỉnh Hưng Yên']]);

    const dir = mkdtempSync(join(tmpdir(), 'tthc-forms-signed-'));
    try {
      const file = join(dir, 'xin-loi.pdf');
      writeFileSync(file, signed.pdf);
      const out = execFileSync('pdfsig', [file], { encoding: 'utf8' });
      expect(out).toContain('Signature Field Name: ky-agency-head');
      expect(out).toContain('Signature Validation: Signature is Valid.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // the form's own text is untouched by the signature, and the stamp sits in the box
    const text = pdfText(signed.pdf);
    expect(text).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(text).toContain('Ký bởi: Sở Tư pháp tỉnh Hưng Yên');
  });

  it('sealing with the document the renderer saved gives the same signed bytes as sealing the parsed PDF; another document, or the same one again, is refused', async () => {
    const root = await createRootCa();
    const agencyCa = await createAgencyCa(root, 'Sở Tư pháp tỉnh Hưng Yên');
    const id = await issueSigningCertificate(agencyCa, { commonName: 'Sở Tư pháp tỉnh Hưng Yên', organization: 'Sở Tư pháp tỉnh Hưng Yên' });
    const p12 = await encodePkcs12(await exportPkcs8(id.keys.privateKey), [new Uint8Array(id.certificate.rawData), new Uint8Array(agencyCa.certificate.rawData)], 'pw');
    const provider = await Pkcs12KeyProvider.open(p12, 'pw');
    const opts = { provider, reason: 'Phát hành Giấy tiếp nhận hồ sơ và hẹn trả kết quả', signingTime: new Date() }; // one instant for both signatures
    const [a, b] = [await renderForm('receipt', SAMPLES.receipt(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL }), await renderForm('receipt', SAMPLES.receipt(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL })];
    const parsed = await signPdf(a.pdf, opts);
    const reused = await signPdf(b.pdf, { ...opts, document: b.document });
    expect(Buffer.from(reused.pdf).equals(Buffer.from(parsed.pdf))).toBe(true);
    const report = await verifyPdf(reused.pdf, { trustAnchors: [new Uint8Array(root.certificate.rawData)] });
    expect(report.signatures[0].problems).toEqual([]);
    expect(report.valid).toBe(true);

    const other = await renderForm('refusal', SAMPLES.refusal(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    const control = await renderForm('control-sheet', SAMPLES['control-sheet'](AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    await expect(signPdf(other.pdf, { ...opts, document: control.document })).rejects.toMatchObject({ code: 'SIGNING_INVALID_INPUT' });
    // the document already carries the first seal's objects: a second signature must parse the signed bytes
    await expect(signPdf(b.pdf, { ...opts, document: b.document })).rejects.toMatchObject({ code: 'SIGNING_INVALID_INPUT' });
  });

  it('the receipt has one empty signature field per signature block (submitter, receiver)', async () => {
    const rendered = await renderForm('receipt', SAMPLES.receipt(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    expect(rendered.signatureBoxes.map((b) => b.field)).toEqual(['ky-submitter', 'ky-receiver']);
    const [left, right] = rendered.signatureBoxes;
    expect(left.x + left.width).toBeLessThanOrEqual(right.x);
    expect(left.y).toBe(right.y);
  });
});
