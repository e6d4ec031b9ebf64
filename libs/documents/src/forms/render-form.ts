import { createHash } from 'node:crypto';
import { FixedSetMissError, savePdf } from '@tthc/signing';
import { PDFDocument } from 'pdf-lib';
import { DocumentsError, DocumentsErrorCode } from '../errors/documents-error';
import { embedFormFonts } from '../fonts/form-fonts';
import { FormWriter, PAGE } from '../layout/form-writer';
import type { SignatureBox } from '../layout/signature-blocks';
import { addSignatureFields } from '../layout/signature-fields';
import type { FormKind, FormTemplateRef } from '../templates/form-template';
import { getTemplate, selectTemplate } from '../templates/template-registry';
import { writeApology } from './apology.form';
import { writeControlSheet } from './control-sheet.form';
import type { FormCommonData, FormDataByKind } from './form-data';
import { parseFormData } from './form-data.schema';
import { writeReceipt } from './receipt.form';
import { writeRefusal } from './refusal.form';
import { writeSupplement } from './supplement.form';

export interface RenderFormOptions {
  /** Absolute http(s) URL of the dossier's public lookup; the QR code opens it. */
  publicLookupUrl: string;
  /**
   * The template to use (a ref or its id), e.g. the one stored when the form was first issued.
   * Default: the template in force on the dossier's receipt day (`selectTemplate`).
   */
  template?: FormTemplateRef | string;
}

export interface RenderedForm {
  pdf: Uint8Array;
  /** Hex SHA-256 of `pdf`. */
  sha256: string;
  template: FormTemplateRef;
  pageCount: number;
  /** Suggested file name: `<dossier code>-<form>.pdf`. */
  fileName: string;
  /** Where each signature goes (e.g. to place the visible stamp when signing with the seal). */
  signatureBoxes: SignatureBox[];
  /**
   * The pdf-lib document `pdf` was saved from (libs/signing `savePdf`): hand it to `signPdf` with
   * `pdf` (`document`) to sign without parsing `pdf` again. Signing adds to it: one signature.
   */
  document: PDFDocument;
}

type Writer<K extends FormKind> = (w: FormWriter, data: FormDataByKind[K], t: FormTemplateRef, lookupUrl: string) => SignatureBox[];
const WRITERS: { [K in FormKind]: Writer<K> } = {
  receipt: writeReceipt,
  supplement: writeSupplement,
  refusal: writeRefusal,
  apology: writeApology,
  'control-sheet': writeControlSheet,
};

const FILE_SLUG: Record<FormKind, string> = {
  receipt: 'giay-tiep-nhan',
  supplement: 'phieu-yeu-cau-bo-sung',
  refusal: 'phieu-tu-choi',
  apology: 'phieu-xin-loi',
  'control-sheet': 'phieu-kiem-soat',
};

function resolveTemplate(kind: FormKind, data: FormCommonData, choice: RenderFormOptions['template']): FormTemplateRef {
  if (choice === undefined) return selectTemplate(kind, data.receivedAt);
  const template = getTemplate(typeof choice === 'string' ? choice : choice.id);
  if (template.kind !== kind) {
    throw new DocumentsError(DocumentsErrorCode.TEMPLATE_KIND_MISMATCH, `Biểu mẫu ${template.id} không dùng cho loại "${kind}"`, {
      kind,
      template: template.id,
    });
  }
  return template;
}

function checkLookupUrl(url: unknown): string {
  const ok = typeof url === 'string' && URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol);
  if (!ok) {
    throw new DocumentsError(DocumentsErrorCode.INVALID_FORM_DATA, 'Địa chỉ tra cứu hồ sơ (publicLookupUrl) phải là một URL http(s) đầy đủ', {
      issues: [{ path: 'publicLookupUrl', message: 'must be an absolute http(s) URL' }],
    });
  }
  return url as string;
}

/**
 * Renders one form of a dossier as a PDF/A-like, deterministic PDF: same input → same bytes
 * (the PDF's dates are `issuedAt`, never the clock), Vietnamese text in an embedded subset of
 * Be Vietnam Pro, a QR code of `publicLookupUrl`, pages added as the content needs. The subset
 * is the fixed Vietnamese character set prepared once per process (fixed-set-font.ts); a form
 * with text outside it is rendered again with a subset of its own glyphs.
 */
export async function renderForm<K extends FormKind>(kind: K, data: FormDataByKind[K], options: RenderFormOptions): Promise<RenderedForm> {
  const lookupUrl = checkLookupUrl(options?.publicLookupUrl);
  const parsed = parseFormData(kind, data);
  const template = resolveTemplate(kind, parsed, options.template);

  try {
    return await renderWith('fixed', kind, parsed, template, lookupUrl);
  } catch (err) {
    // text outside the fixed character set (fixed-set-font.ts): the same form with an ordinary subset
    if (err instanceof FixedSetMissError) return renderWith('subset', kind, parsed, template, lookupUrl);
    throw err;
  }
}

async function renderWith<K extends FormKind>(fontMode: 'fixed' | 'subset', kind: K, parsed: FormDataByKind[K], template: FormTemplateRef, lookupUrl: string): Promise<RenderedForm> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFormFonts(doc, fontMode);
  const writer = new FormWriter(doc, fonts);
  const signatureBoxes = (WRITERS[kind] as Writer<K>)(writer, parsed, template, lookupUrl);

  const total = writer.pages.length;
  writer.pages.forEach((page, i) => {
    const text = `${parsed.dossierCode} · ${template.number} · Trang ${i + 1}/${total}`;
    const size = 7.5;
    const width = fonts.italic.widthOfTextAtSize(text, size);
    writer.showText(page, size, [{ text, font: fonts.italic, x: (PAGE.width - width) / 2, y: PAGE.bottom / 2 }]);
  });

  addSignatureFields(doc, signatureBoxes);

  doc.setTitle(`${template.title} — ${parsed.dossierCode}`);
  doc.setSubject(parsed.procedureName);
  doc.setAuthor(parsed.agency.name);
  doc.setKeywords([parsed.dossierCode, template.id]);
  doc.setCreator('TTHC Flow');
  doc.setProducer('TTHC Flow (pdf-lib)');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(parsed.issuedAt);
  doc.setModificationDate(parsed.issuedAt);

  const pdf = await savePdf(doc);
  return {
    pdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    template,
    pageCount: total,
    fileName: `${parsed.dossierCode}-${FILE_SLUG[kind]}.pdf`,
    signatureBoxes,
    document: doc,
  };
}
