import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { buildCmsSignature } from '../cms/cms-builder';
import { SigningError, SigningErrorCode } from '../errors';
import { SigningKeyProvider } from '../keys/signing-key-provider';
import { ensureCrypto } from '../pki/x509-setup';
import { x509Certificate } from '../pki/parsed-certificates';
import type { X509Certificate } from '../pki/x509';
import { latin1, sha256Of } from '../util/bytes';
import { trailerSize, writeIncrementalUpdate } from './pdf-incremental-writer';
import { deflateContentStreams } from './native-flate';
import { loadPdf, takeSavedDocument } from './pdf-document';
import { placeSignature } from './signature-field';
import { buildStampAppearance } from './signature-stamp';

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
  /** Sign into this empty signature field of the form (or name the new field so). */
  field?: string;
  fontPath?: string;
  /** Bytes reserved for the CMS; default fits a 4-certificate chain plus a time-stamp token. */
  reservedBytes?: number;
  /**
   * The pdf-lib document `savePdf` wrote as exactly these bytes (e.g. libs/documents'
   * `RenderedForm.document`): the signature is prepared on it instead of parsing the bytes again
   * (≈ 1.2 ms of a sealed notice). The signature's objects are added to it, so it serves one
   * signature; any other document is refused.
   */
  document?: PDFDocument;
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

/** What `preparePdfSignature` needs: the PDF options without a key, plus the signer's certificate. */
export type PdfPrepareOptions = Omit<PdfSignOptions, 'provider' | 'fetchImpl'> & {
  /** DER of the signer's certificate (its CN/O default the stamp's name and agency). */
  signerCertificate: Uint8Array;
};

export interface PreparedPdfSignature {
  /** The PDF with the signature dictionary written and `/Contents` still zeros. */
  pdf: Uint8Array;
  fieldName: string;
  byteRange: [number, number, number, number];
  /** SHA-256 over the byte ranges: the CMS messageDigest. */
  digest: Uint8Array;
}

/**
 * The first half of a PAdES signature: one incremental update that adds a signature field +
 * widget (visible stamp) + signature dictionary (/Adobe.PPKLite, /ETSI.CAdES.detached) with
 * the final /ByteRange and a zero-filled /Contents, and the digest of the byte ranges. The
 * CMS is built elsewhere (here by `signPdf`, or around a signature from an officer's token)
 * and written with `embedPdfSignature`.
 */
export async function preparePdfSignature(input: Uint8Array, opts: PdfPrepareOptions): Promise<PreparedPdfSignature> {
  ensureCrypto();
  const doc = opts.document ? savedFrom(input, opts.document) : await loadPdf(input);
  const ctx = doc.context;
  const cert = x509Certificate(opts.signerCertificate);
  const time = opts.signingTime ?? new Date();
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

  const visible = opts.stamp !== false;
  const agency = opts.agency ?? certField(cert, 'O');
  const placed = await placeSignature(doc, sigRef, { ...(opts.stamp || {}), field: opts.field }, async (width, height) =>
    visible ? buildStampAppearance(doc, { signer: signerName, agency, time, reason: opts.reason }, { width, height }, opts.fontPath) : undefined,
  );
  const { fieldName } = placed;
  modified.push(...placed.modified);

  await doc.flush(); // embeds the stamp font objects
  deflateContentStreams(ctx); // the stamp's appearance
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

  const digest = sha256Of(out.subarray(0, contentsStart), out.subarray(contentsEnd));
  return { pdf: out, fieldName, byteRange, digest };
}

/** `doc` when `savePdf` wrote it as this very byte array and no signature has taken it yet */
function savedFrom(input: Uint8Array, doc: PDFDocument): PDFDocument {
  if (!takeSavedDocument(doc, input)) {
    throw new SigningError(SigningErrorCode.INVALID_INPUT, 'The document given with the PDF is not one savePdf wrote as these bytes, or it has been signed already');
  }
  return doc;
}

/**
 * The second half: writes the CMS (hex) into the zero-filled /Contents of a prepared PDF.
 * Refuses a PDF whose /ByteRange gap is not an untouched zero placeholder, and a CMS that does not fit.
 */
export function embedPdfSignature(prepared: Uint8Array, byteRange: [number, number, number, number], cms: Uint8Array): Uint8Array {
  const [a, contentsStart, contentsEnd, tail] = byteRange;
  const reserved = (contentsEnd - contentsStart - 2) / 2;
  const gap = prepared.subarray(contentsStart + 1, contentsEnd - 1);
  if (a !== 0 || contentsEnd + tail !== prepared.length || prepared[contentsStart] !== 0x3c || prepared[contentsEnd - 1] !== 0x3e || gap.some((c) => c !== 0x30)) {
    throw new SigningError(SigningErrorCode.INVALID_INPUT, 'The prepared PDF has no empty signature placeholder at its /ByteRange');
  }
  if (cms.length > reserved) {
    throw new SigningError(SigningErrorCode.SIGNATURE_TOO_LARGE, `The signature (${cms.length} bytes) does not fit the reserved ${reserved} bytes`);
  }
  const out = Uint8Array.from(prepared);
  out.set(latin1(Buffer.from(cms).toString('hex').toUpperCase()), contentsStart + 1);
  return out;
}

/**
 * Signs a PDF as PAdES baseline B-B (B-T with `tsaUrl`): `preparePdfSignature`, the CMS
 * over its digest with the provider's key, then `embedPdfSignature`. Earlier signatures
 * stay valid because earlier bytes are untouched.
 */
export async function signPdf(input: Uint8Array, opts: PdfSignOptions): Promise<PdfSignResult> {
  const chain = await opts.provider.certificateChain();
  if (!chain.length) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, 'The key provider returned no certificate');
  const prepared = await preparePdfSignature(input, { ...opts, signerCertificate: chain[0] });
  const cms = await buildCmsSignature({ contentDigest: prepared.digest, provider: opts.provider, tsaUrl: opts.tsaUrl, fetchImpl: opts.fetchImpl });
  return { pdf: embedPdfSignature(prepared.pdf, prepared.byteRange, cms.der), fieldName: prepared.fieldName, byteRange: prepared.byteRange };
}
