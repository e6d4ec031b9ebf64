import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PDFDocument, PDFHexString } from 'pdf-lib';
import {
  decodePkcs12,
  encodePkcs12,
  exportPkcs8,
  generateRsaKeys,
  Pkcs12KeyProvider,
  signFile,
  signPdf,
  SigningErrorCode,
  verifyDetached,
  verifyPdf,
} from '..';
import { OFFICER, samplePdf, tempDir, testPki, TestPki } from './helpers/fixtures';
import { PYTHON_TOOLS, run } from './helpers/tools';

/** A PDF whose trailer names a Standard security handler — what an encrypted PDF looks like to a reader. */
async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  doc.context.trailerInfo.Encrypt = doc.context.register(
    doc.context.obj({ Filter: 'Standard', V: 2, R: 3, Length: 128, P: -3904, O: PDFHexString.of('ab'.repeat(32)), U: PDFHexString.of('cd'.repeat(32)) }),
  );
  return doc.save({ useObjectStreams: false });
}

describe('bad input gives a clear typed error and writes nothing', () => {
  let dir: string;
  let pki: TestPki;
  let provider: Pkcs12KeyProvider;

  beforeAll(async () => {
    dir = tempDir();
    pki = await testPki(dir);
    provider = await pki.provider(OFFICER);
  });

  it('a non-PDF passed as PDF', async () => {
    await expect(signPdf(new TextEncoder().encode('Đơn đề nghị cấp giấy phép'), { provider })).rejects.toMatchObject({
      code: SigningErrorCode.NOT_A_PDF,
      message: expect.stringContaining('not a PDF'),
    });
  });

  it('a non-PDF through signFile leaves no output and no temporary file', async () => {
    const input = path.join(dir, 'note.txt');
    const output = path.join(dir, 'note-signed.pdf');
    writeFileSync(input, 'not a pdf');
    const before = readdirSync(dir).sort();
    await expect(signFile({ input, output, provider })).rejects.toMatchObject({ code: SigningErrorCode.NOT_A_PDF });
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('an existing output is left untouched when signing fails', async () => {
    const output = path.join(dir, 'keep.pdf');
    writeFileSync(output, 'previous result');
    const input = path.join(dir, 'enc.pdf');
    writeFileSync(input, await encryptedPdf());
    await expect(signFile({ input, output, provider })).rejects.toMatchObject({ code: SigningErrorCode.ENCRYPTED_PDF });
    expect(readFileSync(output, 'utf8')).toBe('previous result');
  });

  it('an encrypted PDF', async () => {
    await expect(signPdf(await encryptedPdf(), { provider })).rejects.toMatchObject({
      code: SigningErrorCode.ENCRYPTED_PDF,
      message: expect.stringContaining('encrypted'),
    });
  });

  it('a PDF really encrypted (AES-256, by pyHanko)', async () => {
    const plain = path.join(dir, 'plain.pdf');
    const encrypted = path.join(dir, 'aes.pdf');
    writeFileSync(plain, await samplePdf());
    const script = [
      'import sys',
      'from pyhanko.pdf_utils.reader import PdfFileReader',
      'from pyhanko.pdf_utils.writer import copy_into_new_writer',
      'w = copy_into_new_writer(PdfFileReader(open(sys.argv[1], "rb")))',
      'w.encrypt("owner-pw", "user-pw")',
      'w.write(open(sys.argv[2], "wb"))',
    ].join('\n');
    expect(run('python3', ['-c', script, plain, encrypted], { PYTHONPATH: PYTHON_TOOLS }).status).toBe(0);
    await expect(signPdf(readFileSync(encrypted), { provider })).rejects.toMatchObject({ code: SigningErrorCode.ENCRYPTED_PDF });
  });

  it('a truncated PDF', async () => {
    const pdf = await samplePdf();
    await expect(signPdf(pdf.subarray(0, 200), { provider })).rejects.toMatchObject({ code: SigningErrorCode.MALFORMED_PDF });
  });

  it('a missing input file', async () => {
    await expect(signFile({ input: path.join(dir, 'nope.pdf'), output: path.join(dir, 'x.pdf'), provider })).rejects.toMatchObject({
      code: SigningErrorCode.INVALID_INPUT,
      message: expect.stringContaining('ENOENT'),
    });
  });

  it('a wrong PKCS#12 password', async () => {
    const id = await pki.provider(OFFICER);
    const p12 = await encodePkcs12(await exportPkcs8((await generateRsaKeys()).privateKey), await id.certificateChain(), 'right');
    await expect(decodePkcs12(p12, 'wrong')).rejects.toMatchObject({ code: SigningErrorCode.WRONG_PASSWORD, message: expect.stringContaining('Wrong password') });
  });

  it('a PKCS#12 whose key matches none of its certificates (missing key)', async () => {
    const id = await pki.provider(OFFICER);
    const p12 = await encodePkcs12(await exportPkcs8((await generateRsaKeys()).privateKey), await id.certificateChain(), 'pw');
    await expect(Pkcs12KeyProvider.open(p12, 'pw')).rejects.toMatchObject({ code: SigningErrorCode.KEY_NOT_FOUND });
  });

  it('a file that is not PKCS#12', async () => {
    await expect(Pkcs12KeyProvider.open(new TextEncoder().encode('hello'), 'pw')).rejects.toMatchObject({ code: SigningErrorCode.INVALID_INPUT });
  });

  it('a corrupted detached CMS signature', async () => {
    const junk = Uint8Array.from([0x30, 0x82, 0x01, 0x00, 0xde, 0xad, 0xbe, 0xef]);
    await expect(verifyDetached(new Uint8Array([1, 2, 3]), junk, { trustAnchors: pki.anchors })).rejects.toMatchObject({
      code: SigningErrorCode.CORRUPTED_CMS,
    });
    await expect(verifyDetached(new Uint8Array([1]), new TextEncoder().encode('plain text'), { trustAnchors: pki.anchors })).rejects.toMatchObject({
      code: SigningErrorCode.CORRUPTED_CMS,
    });
  });

  it('a PDF whose signature value is corrupted is reported invalid, with the reason', async () => {
    const { pdf, byteRange } = await signPdf(await samplePdf(), { provider });
    const broken = Uint8Array.from(pdf);
    broken.set(new TextEncoder().encode('DEADBEEF'), byteRange[1] + 1); // overwrite the start of the CMS
    const report = await verifyPdf(broken, { trustAnchors: pki.anchors });
    expect(report.valid).toBe(false);
    expect(report.signatures[0].problems.map((p) => p.code)).toEqual(['CORRUPTED_CMS']);
  });
});
