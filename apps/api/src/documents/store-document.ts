import { Inject, Injectable } from '@nestjs/common';
import { DocumentEntity, inTransaction, UNSIGNED, type BlobStore, type SignatureSummary } from '@tthc/persistence';
import { isSigningError, SigningErrorCode } from '@tthc/signing';
import type { DataSource, EntityManager } from 'typeorm';
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

/** Writes the row(s) of a stored document — with their dossier event and audit entry — in the one transaction it is given. */
export type DocumentWrite<B, T> = (m: EntityManager, blob: B) => Promise<T>;

/**
 * Storing a document, the one way every use case does it: the bytes go to the blob store first
 * (too large → 413, nothing written), then the caller writes its row(s), their events and their
 * audit entry in ONE transaction opened here (all commit or none). When that write fails, a blob
 * this call created that no document row refers to is removed again (blobs are
 * content-addressed: a concurrent store of the same bytes may already use it).
 */
@Injectable()
export class StoreDocument {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly verifier: SignatureVerifier,
  ) {}

  /** Bytes the API produced (a signed version, a detached signature). */
  async bytes<T>(data: Uint8Array, write: DocumentWrite<BlobColumns, T>): Promise<T> {
    const blob = await mapSigningErrors(() => this.blobs.put(data));
    try {
      const columns = { sizeBytes: blob.size, sha256: blob.sha256, storageKey: blob.key };
      return await inTransaction(this.ds, (m) => write(m, columns));
    } catch (err) {
      if (blob.created && !(await this.ds.getRepository(DocumentEntity).countBy({ storageKey: blob.key }))) await this.blobs.delete(blob.key);
      throw err;
    }
  }

  /** An uploaded file: its type is read from its bytes, a PDF that already carries signatures shows them at once, a broken PDF is refused. */
  async upload<T>(file: { bytes: Buffer; mediaType: string; name: string }, write: DocumentWrite<StoredUpload, T>): Promise<T> {
    const mediaType = resolveMediaType(file.bytes, file.mediaType, file.name);
    const signatureSummary = mediaType === PDF_TYPE ? await this.initialSummary(file.bytes) : UNSIGNED;
    return this.bytes(file.bytes, (m, blob) => write(m, { ...blob, mediaType, signatureSummary }));
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
