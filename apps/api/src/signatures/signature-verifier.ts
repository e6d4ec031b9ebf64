import { Inject, Injectable } from '@nestjs/common';
import { getDocument, listSignatureSiblings, setSignatureSummary, type BlobStore, type DocumentEntity, type SignatureSummary } from '@tthc/persistence';
import { isSigningError, SigningError, SigningErrorCode, verifyDetached, verifyPdf, type VerificationReport } from '@tthc/signing';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';
import { BLOB_STORE } from '../documents/documents-config';
import { SigningContext } from './signing-context';

export const PDF_TYPE = 'application/pdf';
export const isPdfBytes = (b: Uint8Array) => Buffer.from(b.subarray(0, 1024)).includes('%PDF-');

export function summaryOf(report: VerificationReport, at = new Date()): SignatureSummary {
  return { count: report.signatures.length, valid: report.valid, lastVerifiedAt: at.toISOString() };
}

/** Verification with the configured trust anchors: of bytes, and of a stored document (PAdES inside, or its .p7s siblings). */
@Injectable()
export class SignatureVerifier {
  constructor(
    private readonly signing: SigningContext,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async pdf(bytes: Uint8Array): Promise<VerificationReport> {
    const cfg = await this.signing.get();
    try {
      return await verifyPdf(bytes, cfg);
    } catch (err) {
      // pdf-lib throws plain TypeErrors on some broken files (e.g. `%PDF-` then no objects,
      // no catalog); for an uploaded file that is a bad file, not a server fault
      if (isSigningError(err)) throw err;
      throw new SigningError(SigningErrorCode.MALFORMED_PDF, 'The PDF cannot be read (damaged or not a PDF)', { cause: String((err as Error)?.message ?? err) });
    }
  }

  async detached(data: Uint8Array, p7s: Uint8Array): Promise<VerificationReport> {
    return verifyDetached(data, p7s, await this.signing.get());
  }

  /** Report of a stored document; also refreshes its stored summary. */
  async stored(doc: DocumentEntity): Promise<VerificationReport> {
    const data = await this.blobs.get(doc.storageKey);
    let report: VerificationReport;
    if (doc.kind === 'signature' && doc.signsDocumentId) {
      // a .p7s sibling: verified over the document it signs
      const signed = await getDocument(this.ds, doc.signsDocumentId);
      report = signed ? await this.detached(await this.blobs.get(signed.storageKey), data) : { valid: false, signatures: [] };
    } else if (doc.mediaType === PDF_TYPE) {
      report = await this.pdf(data);
    } else {
      const siblings = await listSignatureSiblings(this.ds, doc.id);
      const signatures: VerificationReport['signatures'] = [];
      for (const s of siblings) signatures.push(...(await this.detached(data, await this.blobs.get(s.storageKey))).signatures);
      report = { valid: signatures.length > 0 && signatures.every((s) => s.valid), signatures };
    }
    await setSignatureSummary(this.ds, doc.id, summaryOf(report));
    return report;
  }
}
