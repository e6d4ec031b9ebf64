import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { buildCmsSignature } from '../cms/cms-builder';
import { SigningError, SigningErrorCode } from '../errors';
import { SigningKeyProvider } from '../keys/signing-key-provider';
import { ensureCrypto } from '../pki/x509-setup';
import { X509Certificate } from '../pki/x509';
import { concatBytes, latin1, sha256, toArrayBuffer } from '../util/bytes';
import { trailerSize, writeIncrementalUpdate } from './pdf-incremental-writer';
import { loadPdf, signatureFields } from './pdf-document';
import { buildStampAppearance, STAMP_HEIGHT, STAMP_WIDTH } from './signature-stamp';

export interface PdfSignOptions {
  provider: SigningKeyProvider;
  reason?: string;
  location?: string;
  /** Shown on the stamp; default: the certificate's CN. */
  signerName?: string;
  /** Shown on the stamp; default: the certificate's O. */
  agency?: string;
  /** Claimed signing time (PDF /M); default now. */
  signingTime?: Date;
  /** RFC 3161 TSA → PAdES B-T. */
  tsaUrl?: string;
  fetchImpl?: typeof fetch;
  /** Visible stamp (default true); `page` is 0-based, default the last page. */
  stamp?: false | { page?: number; x?: number; y?: number };
  fontPath?: string;
  /** Bytes reserved for the CMS; default fits a 4-certificate chain plus a time-stamp token. */
  reservedBytes?: number;
}

export interface PdfSignResult {
  pdf: Uint8Array;
  fieldName: string;
  byteRange: [number, number, number, number];
}

const BYTE_RANGE_PLACEHOLDER = '**********';

function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function certField(cert: X509Certificate, type: string): string | undefined {
  return cert.subjectName.getField(type)[0];
}

/**
 * Signs a PDF as PAdES baseline B-B (B-T with `tsaUrl`): one incremental update that
 * adds a signature field + widget (visible stamp) + signature dictionary
 * (/Adobe.PPKLite, /ETSI.CAdES.detached), then fills the /ByteRange and the CMS into
 * the reserved /Contents. Earlier signatures stay valid because earlier bytes are untouched.
 */
export async function signPdf(input: Uint8Array, opts: PdfSignOptions): Promise<PdfSignResult> {
  ensureCrypto();
  const doc = await loadPdf(input);
  const ctx = doc.context;
  const chain = await opts.provider.certificateChain();
  if (!chain.length) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, 'The key provider returned no certificate');
  const cert = new X509Certificate(toArrayBuffer(chain[0]));
  const time = opts.signingTime ?? new Date();
  const existing = signatureFields(doc);
  const names = new Set(existing.map((f) => f.name));
  let n = existing.length + 1;
  while (names.has(`Signature${n}`)) n++;
  const fieldName = `Signature${n}`;
  const reserved = opts.reservedBytes ?? (opts.tsaUrl ? 24_576 : 16_384);

  ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, trailerSize(input) - 1);
  const originalMax = ctx.largestObjectNumber;
  const modified: PDFRef[] = [];

  const sigDict = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    Contents: PDFHexString.of('0'.repeat(reserved * 2)),
    M: PDFString.of(pdfDate(time)),
  }) as PDFDict;
  const byteRangePlaceholder = ctx.obj([0]) as PDFArray;
  for (let i = 0; i < 3; i++) byteRangePlaceholder.push(PDFName.of(BYTE_RANGE_PLACEHOLDER));
  sigDict.set(PDFName.of('ByteRange'), byteRangePlaceholder);
  if (opts.reason) sigDict.set(PDFName.of('Reason'), PDFHexString.fromText(opts.reason));
  if (opts.location) sigDict.set(PDFName.of('Location'), PDFHexString.fromText(opts.location));
  const signerName = opts.signerName ?? certField(cert, 'CN') ?? cert.subject;
  sigDict.set(PDFName.of('Name'), PDFHexString.fromText(signerName));
  const sigRef = ctx.register(sigDict);

  const pages = doc.getPages();
  if (!pages.length) throw new SigningError(SigningErrorCode.MALFORMED_PDF, 'The PDF has no page');
  const visible = opts.stamp !== false;
  const stampOpts = opts.stamp === false ? {} : (opts.stamp ?? {});
  const pageIndex = stampOpts.page ?? pages.length - 1;
  const page = pages[pageIndex];
  if (!page) throw new SigningError(SigningErrorCode.INVALID_INPUT, `The PDF has no page ${pageIndex + 1}`);

  let rect = [0, 0, 0, 0];
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFString.of(fieldName),
    V: sigRef,
    P: page.ref,
    F: 132, // Print + Locked
  }) as PDFDict;
  if (visible) {
    const slot = existing.length;
    const { width } = page.getSize();
    const x = stampOpts.x ?? Math.max(20, width - 20 - STAMP_WIDTH - (slot % 2) * (STAMP_WIDTH + 10));
    const y = stampOpts.y ?? 20 + Math.floor(slot / 2) * (STAMP_HEIGHT + 10);
    rect = [x, y, x + STAMP_WIDTH, y + STAMP_HEIGHT];
    const ap = await buildStampAppearance(
      doc,
      { signer: signerName, agency: opts.agency ?? certField(cert, 'O'), time, reason: opts.reason },
      opts.fontPath,
    );
    widget.set(PDFName.of('AP'), ctx.obj({ N: ap }));
  }
  widget.set(PDFName.of('Rect'), ctx.obj(rect));
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

  // Catalog /AcroForm with /Fields and /SigFlags 3 (SignaturesExist | AppendOnly).
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
  const fieldsRaw = acroForm.get(PDFName.of('Fields'));
  if (fieldsRaw instanceof PDFRef) {
    ctx.lookup(fieldsRaw, PDFArray).push(widgetRef);
    modified.push(fieldsRaw);
  } else {
    const fields = (fieldsRaw as PDFArray | undefined) ?? ctx.obj([]);
    fields.push(widgetRef);
    acroForm.set(PDFName.of('Fields'), fields);
  }
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));

  await doc.flush(); // embeds the stamp font objects
  const fresh = ctx
    .enumerateIndirectObjects()
    .map(([ref]) => ref)
    .filter((ref) => ref.objectNumber > originalMax);
  const update = writeIncrementalUpdate(input, ctx, [...modified, ...fresh]);
  const out = update.bytes;

  // Locate the placeholders inside the signature dictionary we just wrote.
  const sigAt = update.offsets.get(sigRef.objectNumber)!;
  const text = Buffer.from(out.subarray(sigAt, sigAt + reserved * 2 + 4096)).toString('latin1');
  const brOpen = sigAt + text.indexOf('[', text.indexOf('/ByteRange'));
  const brClose = sigAt + text.indexOf(']', brOpen - sigAt) + 1;
  const contentsStart = sigAt + text.indexOf('<', text.indexOf('/Contents'));
  const contentsEnd = contentsStart + reserved * 2 + 2;
  if (out[contentsEnd - 1] !== 0x3e) throw new Error('internal: /Contents placeholder not found');
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, out.length - contentsEnd];
  const brText = `[0 ${byteRange[1]} ${byteRange[2]} ${byteRange[3]}]`;
  const width = brClose - brOpen;
  out.set(latin1(brText.slice(0, -1).padEnd(width - 1, ' ') + ']'), brOpen);

  const digest = await sha256(concatBytes(out.subarray(0, contentsStart), out.subarray(contentsEnd)));
  const cms = await buildCmsSignature({ contentDigest: digest, provider: opts.provider, tsaUrl: opts.tsaUrl, fetchImpl: opts.fetchImpl });
  if (cms.der.length > reserved) {
    throw new SigningError(SigningErrorCode.SIGNATURE_TOO_LARGE, `The signature (${cms.der.length} bytes) does not fit the reserved ${reserved} bytes`);
  }
  out.set(latin1(Buffer.from(cms.der).toString('hex').toUpperCase()), contentsStart + 1);
  return { pdf: out, fieldName, byteRange };
}
