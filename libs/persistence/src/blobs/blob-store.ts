import type { Readable } from 'node:stream';

export interface StoredBlob {
  /** opaque key to get/delete the bytes (content-addressed: derived from sha256) */
  key: string;
  sha256: string;
  size: number;
  /** false when identical bytes were already stored (then the caller must not delete them on rollback) */
  created: boolean;
}

/** Port for document bytes: local directory today, an S3-compatible bucket later. */
export interface BlobStore {
  /** Stores the bytes; throws BlobTooLargeError (writing nothing) above the store's size limit. */
  put(data: Buffer | Uint8Array | Readable): Promise<StoredBlob>;
  /** The bytes; throws BlobNotFoundError when the key is unknown. */
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than the limit of ${limit} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob ${key} not found`);
    this.name = 'BlobNotFoundError';
  }
}
