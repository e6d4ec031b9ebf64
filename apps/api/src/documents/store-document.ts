import { Inject, Injectable } from '@nestjs/common';
import { DocumentEntity, UNSIGNED, type BlobStore, type SignatureSummary } from '@tthc/persistence';
import { isSigningError, SigningErrorCode } from '@tthc/signing';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';
import { PDF_TYPE, SignatureVerifier, summaryOf } from '../signatures/signature-verifier';
import { mapSigningErrors } from '../signatures/signing-error.mapper';
import { BLOB_STORE } from './documents-config';
import { resolveMediaType } from './media-type.util';

/** The columns of a document row that describe its stored bytes. */
export interface BlobColumns {
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

/** An uploaded file as the row stores it: its bytes, the type read from them, the signatures it already carries. */
export interface StoredUpload extends BlobColumns {
  mediaType: string;
  signatureSummary: SignatureSummary;
}

/**
 * Storing a document, the one way every use case does it: the bytes go to the blob store first
 * (too large → 413, nothing written), then the caller writes its row(s) — with their events and
 * audit in one transaction where it needs them. When that write fails, a blob this call created
 * that no document row refers to is removed again (blobs are content-addressed: a concurrent
 * store of the same bytes may already use it).
 */
@Injectable()
export class StoreDocument {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly verifier: SignatureVerifier,
  ) {}

  /** Bytes the API produced (a signed version, a detached signature). */
  async bytes<T>(data: Uint8Array, write: (blob: BlobColumns) => Promise<T>): Promise<T> {
    const blob = await mapSigningErrors(() => this.blobs.put(data));
    try {
      return await write({ sizeBytes: blob.size, sha256: blob.sha256, storageKey: blob.key });
    } catch (err) {
      if (blob.created && !(await this.ds.getRepository(DocumentEntity).countBy({ storageKey: blob.key }))) await this.blobs.delete(blob.key);
      throw err;
    }
  }

  /** An uploaded file: its type is read from its bytes, a PDF that already carries signatures shows them at once, a broken PDF is refused. */
  async upload<T>(file: { bytes: Buffer; mediaType: string; name: string }, write: (stored: StoredUpload) => Promise<T>): Promise<T> {
    const mediaType = resolveMediaType(file.bytes, file.mediaType, file.name);
    const signatureSummary = mediaType === PDF_TYPE ? await this.initialSummary(file.bytes) : UNSIGNED;
    return this.bytes(file.bytes, (blob) => write({ ...blob, mediaType, signatureSummary }));
  }

  private async initialSummary(bytes: Buffer): Promise<SignatureSummary> {
    try {
      const report = await this.verifier.pdf(bytes);
      return report.signatures.length ? summaryOf(report) : UNSIGNED;
    } catch (err) {
      // an encrypted PDF can be kept (it just cannot be signed by us); a broken one is refused
      if (isSigningError(err) && err.code === SigningErrorCode.ENCRYPTED_PDF) return UNSIGNED;
      return mapSigningErrors(() => Promise.reject(err));
    }
  }
}
