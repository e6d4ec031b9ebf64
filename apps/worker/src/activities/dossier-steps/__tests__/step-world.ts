/**
 * The world of the dossier-step activity specs: a real database (PostgreSQL when DATABASE_URL is
 * set, else SQLite), a temp folder with the blob store, the activities' deps, the STP agency with
 * its Một cửa unit, the officer `officer` and the chứng thực procedure. Dossiers are filed as
 * rows only (no run): the specs call the activities themselves, with literal instants.
 */
import type { GuardStepInput } from '@tthc/contracts';
import { DocumentEntity, ensureUser, LocalBlobStore, openTestDatabase, testDatabaseKinds, upsertAgency, upsertUnit, type TestDatabase } from '@tthc/persistence';
import { insertDossier, seedProcedure } from '@tthc/persistence/src/testing/dossier-fixture';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dossierStepDeps, type DossierStepDeps } from '..';

export interface StepWorld {
  db: TestDatabase;
  dir: string;
  blobs: LocalBlobStore;
  deps: DossierStepDeps;
  /** files an online (or, with channel 1, counter) dossier submitted at `submittedAt`; its id */
  file(submittedAt: Date, channel?: 1 | 2): Promise<string>;
  /** the stored bytes of a document, checked against its recorded SHA-256, also written to a file for poppler */
  stored(documentId: string): Promise<{ bytes: Buffer; path: string; doc: DocumentEntity }>;
  close(): Promise<void>;
}

export async function openStepWorld(name: string): Promise<StepWorld> {
  const kinds = testDatabaseKinds();
  const db = await openTestDatabase(kinds[kinds.length - 1]);
  const dir = mkdtempSync(join(tmpdir(), `tthc-${name}-`));
  const blobs = new LocalBlobStore(join(dir, 'blobs'));
  await upsertAgency(db.ds, { code: 'STP', name: 'Sở Tư pháp' });
  await upsertUnit(db.ds, { agency: 'STP', code: 'MOTCUA', name: 'Bộ phận Một cửa' });
  await ensureUser(db.ds, { username: 'officer', fullName: 'Nguyễn Thị Cán Bộ', passwordHash: 'x', roles: ['officer'], agency: 'STP', units: ['MOTCUA'], title: 'Chuyên viên Bộ phận Một cửa' });
  await seedProcedure(db.ds);
  return {
    db,
    dir,
    blobs,
    deps: dossierStepDeps(db.ds, { dataDir: dir, blobs }),
    async file(submittedAt, channel = 2) {
      const { dossier } = await insertDossier(db.ds, {
        channel,
        applicant: { type: 1, name: 'Trần Văn Công', idNumber: '033090099999', address: 'Văn Lâm, Hưng Yên', phone: null, email: null },
        summary: 'Chứng thực bản sao bằng tốt nghiệp',
        submittedAt,
        at: submittedAt,
      });
      return dossier.id;
    },
    async stored(documentId) {
      const doc = await db.ds.getRepository(DocumentEntity).findOneByOrFail({ id: documentId });
      const bytes = await blobs.get(doc.storageKey);
      if (createHash('sha256').update(bytes).digest('hex') !== doc.sha256) throw new Error(`stored bytes of document ${documentId} do not match their SHA-256`);
      const path = join(dir, `${documentId}.pdf`);
      writeFileSync(path, bytes);
      return { bytes, path, doc };
    },
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** the step guard's input for step `step` of a dossier, by `officer` of STP at `at` */
export function stepInput(dossierId: string, step: string, at: Date, variables: Record<string, unknown> = {}, extra: Partial<GuardStepInput> = {}): GuardStepInput {
  return { dossierId, instanceId: randomUUID(), taskId: randomUUID(), elementId: `Task_${step}`, step, by: 'officer', variables, at: at.toISOString(), agency: 'STP', ...extra };
}
