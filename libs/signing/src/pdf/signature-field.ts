import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { SigningError, SigningErrorCode } from '../errors';
import { signatureFields } from './pdf-document';
import { STAMP_HEIGHT, STAMP_WIDTH } from './signature-stamp';

/** Builds the stamp appearance for a widget of the given size; undefined = invisible. */
export type AppearanceFactory = (width: number, height: number) => Promise<PDFRef | undefined>;

export interface FieldPlacement {
  /** Fill this empty signature field of the form, or create a field with this name. */
  field?: string;
  /** 0-based page for a new field (default last); x/y of its lower-left corner. */
  page?: number;
  x?: number;
  y?: number;
}

interface EmptyField {
  name: string;
  ref: PDFRef;
  widgetRef: PDFRef;
  widget: PDFDict;
}

/** Unsigned signature fields (no /V) that are indirect objects, as form designers make them. */
function emptySignatureFields(doc: PDFDocument): EmptyField[] {
  const ctx = doc.context;
  const fields = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict)?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const out: EmptyField[] = [];
  for (let i = 0; i < (fields?.size() ?? 0); i++) {
    const ref = fields!.get(i);
    const dict = ctx.lookup(ref);
    if (!(ref instanceof PDFRef) || !(dict instanceof PDFDict)) continue;
    if (dict.get(PDFName.of('FT')) !== PDFName.of('Sig') || dict.get(PDFName.of('V'))) continue;
    const t = dict.lookup(PDFName.of('T'));
    const name = t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : '';
    const kid = dict.lookupMaybe(PDFName.of('Kids'), PDFArray)?.get(0);
    const widgetRef = kid instanceof PDFRef ? kid : ref;
    out.push({ name, ref, widgetRef, widget: ctx.lookup(widgetRef, PDFDict) });
  }
  return out;
}

/**
 * Puts the signature dictionary `sigRef` into a signature field: fills the named empty
 * field when the form has one (stamp sized to its rectangle), else creates a new field +
 * widget on a page (stamps side by side at the bottom). Returns the objects it changed.
 */
export async function placeSignature(
  doc: PDFDocument,
  sigRef: PDFRef,
  placement: FieldPlacement,
  appearance: AppearanceFactory,
): Promise<{ fieldName: string; modified: PDFRef[] }> {
  const ctx = doc.context;
  const existing = signatureFields(doc);
  const modified: PDFRef[] = [];
  if (placement.field && existing.some((f) => f.name === placement.field)) {
    throw new SigningError(SigningErrorCode.INVALID_INPUT, `Signature field "${placement.field}" is already signed`);
  }
  const empty = placement.field ? emptySignatureFields(doc).find((f) => f.name === placement.field) : undefined;

  if (empty) {
    const field = ctx.lookup(empty.ref, PDFDict);
    field.set(PDFName.of('V'), sigRef);
    modified.push(empty.ref);
    const rect = empty.widget.lookupMaybe(PDFName.of('Rect'), PDFArray)?.asRectangle();
    const ap = rect && rect.width > 0 && rect.height > 0 ? await appearance(rect.width, rect.height) : undefined;
    if (ap) {
      empty.widget.set(PDFName.of('AP'), ctx.obj({ N: ap }));
      if (empty.widgetRef !== empty.ref) modified.push(empty.widgetRef);
    }
    setSigFlags(doc, modified);
    return { fieldName: empty.name, modified };
  }

  const names = new Set(existing.map((f) => f.name));
  let n = existing.length + 1;
  while (names.has(`Signature${n}`)) n++;
  const fieldName = placement.field ?? `Signature${n}`;
  const pages = doc.getPages();
  if (!pages.length) throw new SigningError(SigningErrorCode.MALFORMED_PDF, 'The PDF has no page');
  const pageIndex = placement.page ?? pages.length - 1;
  const page = pages[pageIndex];
  if (!page) throw new SigningError(SigningErrorCode.INVALID_INPUT, `The PDF has no page ${pageIndex + 1}`);

  const slot = existing.length;
  const { width } = page.getSize();
  const x = placement.x ?? Math.max(20, width - 20 - STAMP_WIDTH - (slot % 2) * (STAMP_WIDTH + 10));
  const y = placement.y ?? 20 + Math.floor(slot / 2) * (STAMP_HEIGHT + 10);
  const ap = await appearance(STAMP_WIDTH, STAMP_HEIGHT);
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFString.of(fieldName),
    V: sigRef,
    P: page.ref,
    F: 132, // Print + Locked
    Rect: ap ? [x, y, x + STAMP_WIDTH, y + STAMP_HEIGHT] : [0, 0, 0, 0],
  }) as PDFDict;
  if (ap) widget.set(PDFName.of('AP'), ctx.obj({ N: ap }));
  const widgetRef = ctx.register(widget);

  // Page /Annots: update the array object if indirect, else the page dictionary.
  const annotsRaw = page.node.get(PDFName.of('Annots'));
  if (annotsRaw instanceof PDFRef) {
    ctx.lookup(annotsRaw, PDFArray).push(widgetRef);
    modified.push(annotsRaw);
  } else {
    const annots = (annotsRaw as PDFArray | undefined) ?? ctx.obj([]);
    annots.push(widgetRef);
    page.node.set(PDFName.of('Annots'), annots);
    modified.push(page.ref);
  }
  const acroForm = setSigFlags(doc, modified);
  const fieldsRaw = acroForm.get(PDFName.of('Fields'));
  if (fieldsRaw instanceof PDFRef) {
    ctx.lookup(fieldsRaw, PDFArray).push(widgetRef);
    modified.push(fieldsRaw);
  } else {
    const fields = (fieldsRaw as PDFArray | undefined) ?? ctx.obj([]);
    fields.push(widgetRef);
    acroForm.set(PDFName.of('Fields'), fields);
  }
  return { fieldName, modified };
}

/** Catalog /AcroForm with /SigFlags 3 (SignaturesExist | AppendOnly); records what changed. */
function setSigFlags(doc: PDFDocument, modified: PDFRef[]): PDFDict {
  const ctx = doc.context;
  const rootRef = ctx.trailerInfo.Root as PDFRef;
  const acroRaw = doc.catalog.get(PDFName.of('AcroForm'));
  let acroForm: PDFDict;
  if (acroRaw instanceof PDFRef) {
    acroForm = ctx.lookup(acroRaw, PDFDict);
    modified.push(acroRaw);
  } else if (acroRaw instanceof PDFDict) {
    acroForm = acroRaw;
    modified.push(rootRef);
  } else {
    acroForm = ctx.obj({ Fields: [] }) as PDFDict;
    doc.catalog.set(PDFName.of('AcroForm'), ctx.register(acroForm));
    modified.push(rootRef);
  }
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  return acroForm;
}
