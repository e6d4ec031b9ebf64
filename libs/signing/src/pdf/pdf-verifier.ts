import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { verifyCms } from '../cms/cms-verifier';
import { SigningError, SigningErrorCode } from '../errors';
import { Problem, SignatureReport, VerificationReport, VerifyOptions } from '../verification-report';
import { loadPdf, SignatureField, signatureFields } from './pdf-document';
import { diffRevisions } from './revision-diff';

/** Parses a PDF date (D:YYYYMMDDHHmmSS+07'00'); undefined when absent or malformed. */
export function parsePdfDate(s?: string): Date | undefined {
  const m = s && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', tz = 'Z'] = m;
  const zone = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5) || '00'}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const text = (o: unknown) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

async function verifyField(pdf: Uint8Array, field: SignatureField, latest: PDFDocument, opts: VerifyOptions): Promise<SignatureReport> {
  const v = field.value;
  const problems: Problem[] = [];
  const br = v.lookupMaybe(PDFName.of('ByteRange'), PDFArray)?.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
  const contents = v.lookup(PDFName.of('Contents'));
  const cms = contents instanceof PDFHexString ? contents.asBytes() : contents instanceof PDFString ? contents.asBytes() : undefined;
  const fail = (message: string): SignatureReport => ({
    field: field.name,
    signer: '(unknown)',
    timeSource: 'none',
    intact: false,
    signatureValid: false,
    trusted: false,
    timestamped: false,
    revocation: 'unknown',
    problems: [{ code: 'BYTE_RANGE_INVALID', message }],
    valid: false,
  });
  if (!br || br.length !== 4 || br.some((n) => !Number.isInteger(n) || n < 0)) return fail('Signature has no valid /ByteRange');
  if (!cms) return fail('Signature has no /Contents');
  const [a, b, c, d] = br;
  const end = c + d;
  // The gap must be exactly the hex /Contents string, so nothing else escapes the digest.
  const gapOk = a === 0 && b < c && end <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e && c - b - 2 === cms.length * 2;
  if (!gapOk) return fail('The /ByteRange does not cover the file except the signature value');

  const claimed = parsePdfDate(text(v.lookup(PDFName.of('M'))));
  let check;
  try {
    check = await verifyCms(cms, [pdf.subarray(a, b), pdf.subarray(c, end)], opts, claimed);
  } catch (e) {
    if (e instanceof SigningError && e.code === SigningErrorCode.CORRUPTED_CMS) {
      return { ...fail(e.message), problems: [{ code: 'CORRUPTED_CMS', message: e.message }] };
    }
    throw e;
  }
  problems.push(...check.problems);
  const coversWholeDocument = end === pdf.length;
  let laterRevisions: SignatureReport['laterRevisions'] = 'none';
  if (!coversWholeDocument) {
    const signedRevision = await PDFDocument.load(pdf.subarray(0, end), { updateMetadata: false }).catch(() => undefined);
    laterRevisions = signedRevision ? diffRevisions(signedRevision, latest) : 'other-changes';
    if (laterRevisions === 'other-changes') {
      problems.push({ code: 'MODIFIED_AFTER_SIGNING', message: 'The document was changed after this signature by a later revision (not only further signatures)' });
    }
  }
  return {
    field: field.name,
    ...check,
    reason: text(v.lookup(PDFName.of('Reason'))),
    coversWholeDocument,
    laterRevisions,
    problems,
    valid: check.intact && check.signatureValid && check.trusted && problems.length === 0,
  };
}

/** Verifies every signature of a PDF (PAdES or adbe.pkcs7.detached); an unsigned PDF is not valid. */
export async function verifyPdf(pdf: Uint8Array, opts: VerifyOptions): Promise<VerificationReport> {
  const doc = await loadPdf(pdf);
  const fields = signatureFields(doc);
  const signatures: SignatureReport[] = [];
  for (const f of fields) signatures.push(await verifyField(pdf, f, doc, opts));
  return { valid: signatures.length > 0 && signatures.every((s) => s.valid), signatures };
}
