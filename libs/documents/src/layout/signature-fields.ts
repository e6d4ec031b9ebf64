import { PDFArray, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { SignatureBox } from './signature-blocks';

/**
 * Adds an empty signature field (AcroForm /FT /Sig widget) over every signature box, named by
 * the box's `field`, so `signPdf(pdf, { field })` of libs/signing signs exactly there, with its
 * visible stamp sized to the box.
 */
export function addSignatureFields(doc: PDFDocument, boxes: SignatureBox[]): void {
  if (boxes.length === 0) return;
  const ctx = doc.context;
  const pages = doc.getPages();
  const fields = boxes.map((box) => {
    const page = pages[box.page];
    const widget = ctx.register(
      ctx.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Sig',
        T: PDFString.of(box.field),
        Rect: [box.x, box.y, box.x + box.width, box.y + box.height],
        P: page.ref,
        F: 4,
      }),
    );
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots) annots.push(widget);
    else page.node.set(PDFName.of('Annots'), ctx.obj([widget]));
    return widget;
  });
  doc.catalog.set(PDFName.of('AcroForm'), ctx.register(ctx.obj({ Fields: fields })));
}
