import { PDFArray, PDFDict, PDFDocument, PDFName, PDFObject, PDFRef } from 'pdf-lib';

/**
 * What the incremental revisions after a signed revision changed. Allowed after signing
 * (the same rule as PAdES/DocMDP "form filling and signing"): new objects, and in existing
 * objects only the keys that adding a signature touches (page /Annots, catalog /AcroForm,
 * AcroForm /Fields and /SigFlags, /DSS) with arrays only appended to; every new
 * annotation must be a signature widget. Anything else — page content, resources, other
 * annotations — is "other-changes".
 */
const ALLOWED_KEYS = new Set(['Annots', 'AcroForm', 'Fields', 'SigFlags', 'DSS', 'Perms', 'NeedAppearances']);

function bytesOf(o: PDFObject): Buffer {
  const b = new Uint8Array(o.sizeInBytes());
  o.copyBytesInto(b, 0);
  return Buffer.from(b);
}

function appendedOnly(before: PDFArray, after: PDFArray): boolean {
  if (after.size() < before.size()) return false;
  for (let i = 0; i < before.size(); i++) if (!bytesOf(before.get(i)).equals(bytesOf(after.get(i)))) return false;
  return true;
}

function allowedChange(before: PDFObject, after: PDFObject): boolean {
  if (before instanceof PDFArray && after instanceof PDFArray) return appendedOnly(before, after);
  if (!(before instanceof PDFDict) || !(after instanceof PDFDict) || before.constructor !== after.constructor) return false;
  const keys = new Set([...before.keys(), ...after.keys()].map((k) => k.asString().slice(1)));
  for (const key of keys) {
    const a = before.get(PDFName.of(key));
    const b = after.get(PDFName.of(key));
    if (a && b && bytesOf(a).equals(bytesOf(b))) continue;
    if (!ALLOWED_KEYS.has(key)) return false;
    if (a instanceof PDFArray && b instanceof PDFArray && !appendedOnly(a, b)) return false;
    if (a instanceof PDFDict && b instanceof PDFDict && !allowedChange(a, b)) return false;
  }
  return true;
}

function annotationRefs(doc: PDFDocument): Set<string> {
  const out = new Set<string>();
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const r = annots!.get(i);
      if (r instanceof PDFRef) out.add(r.toString());
    }
  }
  return out;
}

export function diffRevisions(signed: PDFDocument, latest: PDFDocument): 'none' | 'signatures-only' | 'other-changes' {
  let changed = false;
  for (const [ref, before] of signed.context.enumerateIndirectObjects()) {
    const after = latest.context.lookup(ref);
    if (!after) return 'other-changes';
    if (bytesOf(before).equals(bytesOf(after))) continue;
    changed = true;
    if (!allowedChange(before, after)) return 'other-changes';
  }
  const oldAnnots = annotationRefs(signed);
  for (const ref of annotationRefs(latest)) {
    if (oldAnnots.has(ref)) continue;
    const annot = latest.context.lookup(PDFRef.of(Number(ref.split(' ')[0]), Number(ref.split(' ')[1])));
    if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype')) !== PDFName.of('Widget') || annot.get(PDFName.of('FT')) !== PDFName.of('Sig')) {
      return 'other-changes';
    }
    changed = true;
  }
  const newObjects = latest.context.enumerateIndirectObjects().length > signed.context.enumerateIndirectObjects().length;
  return changed || newObjects ? 'signatures-only' : 'none';
}
