import type { WorkingCalendar } from '@tthc/calendar';
import { LocalBlobStore, type BlobStore } from '@tthc/persistence';
import { loadSigningConfig, type SigningConfig } from '@tthc/signing';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { workerCalendar, type WorkerCalendar } from '../due/worker-calendar';

/** What the dossier activities need besides the database: the document bytes, the trust anchors, the working calendar. */
export interface DossierStepDeps {
  ds: DataSource;
  blobs: BlobStore;
  /** trust anchors / dev PKI (verification of signatures) */
  signing: () => Promise<SigningConfig>;
  /** the database working calendar (admin overrides, agency office hours), as computeDue counts it */
  calendar: () => Promise<WorkingCalendar>;
}

export interface DossierStepOptions {
  /** TTHC_DATA_DIR: blobs at `<dataDir>/blobs` (TTHC_BLOB_DIR overrides), dev PKI at `<dataDir>/pki` */
  dataDir?: string;
  blobs?: BlobStore;
  signing?: () => Promise<SigningConfig>;
}

/**
 * Defaults read the same environment as the API (TTHC_DATA_DIR, TTHC_BLOB_DIR,
 * TTHC_TRUST_ANCHORS…), so the worker verifies what the API stored with the same anchors.
 */
export function dossierStepDeps(ds: DataSource, options: DossierStepOptions = {}, env: NodeJS.ProcessEnv = process.env, calendar: WorkerCalendar = workerCalendar(ds)): DossierStepDeps {
  const dataDir = resolve(options.dataDir ?? env.TTHC_DATA_DIR ?? '.data');
  const blobs = options.blobs ?? new LocalBlobStore(resolve(env.TTHC_BLOB_DIR || join(dataDir, 'blobs')));
  let signing: Promise<SigningConfig> | undefined;
  return {
    ds,
    blobs,
    signing:
      options.signing ??
      (() => {
        signing ??= loadSigningConfig(env, { dataDir }).catch((err: unknown) => {
          signing = undefined;
          throw err;
        });
        return signing;
      }),
    calendar: () => calendar.get(),
  };
}
