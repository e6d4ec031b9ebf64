import bytes from 'bytes';
import { join, resolve } from 'node:path';

export const DOCUMENTS_CONFIG = Symbol('DOCUMENTS_CONFIG');
export const BLOB_STORE = Symbol('BLOB_STORE');

export interface DocumentsConfig {
  /** largest accepted upload (TTHC_MAX_UPLOAD, default 25mb); above it → 413, nothing written */
  maxUploadBytes: number;
  /** local blob directory (TTHC_BLOB_DIR, default `<dataDir>/blobs`) */
  blobDir: string;
}

export function documentsConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): DocumentsConfig {
  const max = bytes.parse(env.TTHC_MAX_UPLOAD || '25mb');
  if (max === null || !Number.isFinite(max) || max <= 0) throw new Error(`TTHC_MAX_UPLOAD is not a size: ${env.TTHC_MAX_UPLOAD}`);
  return { maxUploadBytes: max, blobDir: resolve(env.TTHC_BLOB_DIR || join(dataDir, 'blobs')) };
}
