import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { SigningError, SigningErrorCode } from '../errors';
import { deflateContentStreams } from './native-flate';

/** Loads a PDF for signing or verification, turning pdf-lib failures into typed errors. */
export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    throw new SigningError(SigningErrorCode.NOT_A_PDF, 'The file is not a PDF (no %PDF- header); use a detached CAdES signature for other files');
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: true });
  } catch (e) {
    throw new SigningError(SigningErrorCode.MALFORMED_PDF, `The PDF cannot be parsed: ${(e as Error).message}`);
  }
  // pdf-lib's EncryptedPDFError fails instanceof (ES5 Error subclass), so load and ask.
  if (doc.isEncrypted) {
    throw new SigningError(SigningErrorCode.ENCRYPTED_PDF, 'The PDF is encrypted; remove the password/encryption before signing or verifying');
  }
  return doc;
}

/** each document written by `savePdf` → the bytes it was written as, until a signature takes it */
const savedAs = new WeakMap<PDFDocument, Uint8Array>();

/**
 * Writes a finished document (content streams deflated natively, `deflateContentStreams`) and
 * remembers the returned bytes, so `signPdf(bytes, { document })` can prepare its signature on
 * `document` instead of parsing the bytes again. The objects are written one by one with a classic
 * cross-reference table, not packed into object streams: pdf-lib can only deflate those with pako,
 * ≈ 1 ms CPU and ≈ 1 MB of garbage per notice (A/B, session 9) for ≈ 4 KB less (a notice: 80 KB
 * instead of 76 KB). A classic table is also what PDF/A-1 asks, and a seal then appends a classic
 * section too.
 */
export async function savePdf(doc: PDFDocument): Promise<Uint8Array> {
  deflateContentStreams(doc.context);
  const bytes = await doc.save({ useObjectStreams: false });
  savedAs.set(doc, bytes);
  return bytes;
}

/** true once for `doc` and the very array `savePdf` returned for it: a signature then takes the document */
export function takeSavedDocument(doc: PDFDocument, bytes: Uint8Array): boolean {
  if (savedAs.get(doc) !== bytes) return false;
  savedAs.delete(doc);
  return true;
}

export interface SignatureField {
  name: string;
  fieldRef?: PDFRef;
  field: PDFDict;
  value: PDFDict;
}

/** All signed signature fields of the document (AcroForm /Fields, following /Kids). */
export function signatureFields(doc: PDFDocument): SignatureField[] {
  const ctx = doc.context;
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const out: SignatureField[] = [];
  const walk = (arr: PDFArray | undefined, prefix: string, inheritedFt?: PDFName) => {
    if (!arr) return;
    for (let i = 0; i < arr.size(); i++) {
      const raw = arr.get(i);
      const dict = ctx.lookup(raw);
      if (!(dict instanceof PDFDict)) continue;
      const t = dict.lookup(PDFName.of('T'));
      const partial = t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : '';
      const name = prefix && partial ? `${prefix}.${partial}` : partial || prefix;
      const ft = (dict.lookup(PDFName.of('FT')) as PDFName | undefined) ?? inheritedFt;
      const kids = dict.lookupMaybe(PDFName.of('Kids'), PDFArray);
      if (kids) walk(kids, name, ft);
      const v = dict.lookup(PDFName.of('V'));
      if (ft === PDFName.of('Sig') && v instanceof PDFDict) {
        out.push({ name, fieldRef: raw instanceof PDFRef ? raw : undefined, field: dict, value: v });
      }
    }
  };
  walk(fields, '');
  return out;
}
