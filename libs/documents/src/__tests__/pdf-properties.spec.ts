import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { FORM_KINDS, renderForm } from '../index';
import { decodeQrOnFirstPage, pdfFonts, pdfInfo } from './helpers/pdf-tools';
import { AFTER_SWITCH, BEFORE_SWITCH, LOOKUP_URL, SAMPLES, receipt } from './helpers/sample-forms';

describe('what the PDF of a form is made of', () => {
  it.each(FORM_KINDS)('%s: the QR code decodes to the public lookup URL of the dossier', async (kind) => {
    const url = 'https://dichvucong.hungyen.gov.vn/tra-cuu/STP-250630-0007';
    const rendered = await renderForm(kind, SAMPLES[kind](AFTER_SWITCH) as never, { publicLookupUrl: url });
    expect(decodeQrOnFirstPage(rendered.pdf)).toBe(url);
  });

  it('the QR code of the API lookup route decodes too (a long URL gives a denser code)', async () => {
    const url = 'http://localhost:3000/api/v1/public/dossiers/STP-250630-0007?utm_source=giay-tiep-nhan';
    const rendered = await renderForm('receipt', receipt(BEFORE_SWITCH), { publicLookupUrl: url });
    expect(decodeQrOnFirstPage(rendered.pdf)).toBe(url);
  });

  it('embeds Be Vietnam Pro regular, bold and italic as glyph subsets with a Unicode map (pdffonts)', async () => {
    const rendered = await renderForm('receipt', receipt(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    const fonts = pdfFonts(rendered.pdf);
    expect(fonts.map((f) => f.name).sort()).toEqual(['TTHCBD+BeVietnamPro-Bold', 'TTHCIT+BeVietnamPro-Italic', 'TTHCRG+BeVietnamPro-Regular']);
    for (const f of fonts) expect(f).toEqual(expect.objectContaining({ embedded: true, subset: true, unicode: true }));
    // the three full fonts weigh ~ 3 × 200 KB; subsets of the glyphs used keep the form small
    expect(rendered.pdf.length).toBeLessThan(120_000);
  });

  it('is deterministic: the same input gives the same bytes and hash; the hash is the SHA-256 of the bytes', async () => {
    const a = await renderForm('control-sheet', SAMPLES['control-sheet'](AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    const b = await renderForm('control-sheet', SAMPLES['control-sheet'](AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toBe(createHash('sha256').update(a.pdf).digest('hex'));
    const later = await renderForm('control-sheet', { ...SAMPLES['control-sheet'](AFTER_SWITCH), issuedAt: new Date('2025-07-02T09:00:00+07:00') }, { publicLookupUrl: LOOKUP_URL });
    expect(later.sha256).not.toBe(a.sha256);
  });

  it('every page draws from a deflated content stream whose operators show the text', async () => {
    const rendered = await renderForm('receipt', receipt(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    const doc = await PDFDocument.load(rendered.pdf);
    for (const page of doc.getPages()) {
      const contents = page.node.get(PDFName.of('Contents'));
      const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
      let operators = '';
      for (const ref of refs) {
        const stream = doc.context.lookup(ref as PDFRef);
        expect(stream).toBeInstanceOf(PDFRawStream);
        expect((stream as PDFRawStream).dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
        operators += inflateSync((stream as PDFRawStream).getContents()).toString('latin1');
      }
      // text objects with glyph strings (the fonts' two-byte codes) on every page, e.g. the footer line
      expect(operators).toMatch(/BT[\s\S]*Tj[\s\S]*ET/);
    }
  });

  it('names each font once in the resources of a page, however much text the page draws', async () => {
    const rendered = await renderForm('receipt', receipt(AFTER_SWITCH), { publicLookupUrl: LOOKUP_URL });
    const doc = await PDFDocument.load(rendered.pdf);
    for (const page of doc.getPages()) {
      const fonts = page.node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
      const targets = fonts.values().map((ref) => (ref as PDFRef).toString());
      expect(targets.length).toBeGreaterThan(0);
      expect(new Set(targets).size).toBe(targets.length);
    }
  });

  it('dates the PDF with issuedAt (not the clock) and describes it in its metadata', async () => {
    const data = receipt(BEFORE_SWITCH);
    const rendered = await renderForm('receipt', data, { publicLookupUrl: LOOKUP_URL });
    const info = pdfInfo(rendered.pdf);
    expect(new Date(info.CreationDate).toISOString()).toBe(data.issuedAt.toISOString());
    expect(new Date(info.ModDate).toISOString()).toBe(data.issuedAt.toISOString());
    expect(info.Title).toBe('Giấy tiếp nhận hồ sơ và hẹn trả kết quả — STP-250630-0007');
    expect(info.Keywords).toContain('TT01/2018:receipt@1');
    expect(info['Page size']).toContain('A4');
    expect(rendered.fileName).toBe('STP-250630-0007-giay-tiep-nhan.pdf');
  });
});
