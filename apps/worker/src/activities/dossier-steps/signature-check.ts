import { DocumentEntity, listSignatureSiblings } from '@tthc/persistence';
import { verifyDetached, verifyPdf, type VerificationReport } from '@tthc/signing';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { DossierStepDeps } from './dossier-step.deps';

/** What the verifier (libs/signing, the configured trust anchors) says about one stored document. */
export interface DocumentSignatures {
  id: string;
  name: string;
  sha256: string;
  /** number of signatures found (PAdES inside the PDF, or .p7s siblings) */
  count: number;
  /** ≥ 1 signature and every one intact, valid and trusted */
  valid: boolean;
  /** common names of the signers whose signature is valid */
  validSigners: string[];
  problems: string[];
}

export interface SignatureCheck {
  documents: DocumentSignatures[];
}

/** the current result documents of a dossier, oldest first */
export async function currentResults(db: DataSource | EntityManager, dossierId: string): Promise<DocumentEntity[]> {
  return db.getRepository(DocumentEntity).find({ where: { dossierId, kind: 'result', isCurrent: true }, order: { uploadedAt: 'ASC', id: 'ASC' } });
}

/**
 * Verifies the signatures of the documents from their stored bytes (never the stored
 * summary: "verified, not just present"). Runs before the guard's transaction: it reads
 * blobs and does public-key work; the transaction checks the documents did not change since.
 */
export async function checkSignatures(deps: DossierStepDeps, docs: DocumentEntity[]): Promise<SignatureCheck> {
  const cfg = await deps.signing();
  const out: DocumentSignatures[] = [];
  for (const doc of docs) {
    const bytes = await deps.blobs.get(doc.storageKey);
    let report: VerificationReport;
    const problems: string[] = [];
    if (createHash('sha256').update(bytes).digest('hex') !== doc.sha256) {
      report = { valid: false, signatures: [] };
      problems.push('stored bytes do not match their sha-256');
    } else {
      try {
        if (doc.mediaType === 'application/pdf') {
          report = await verifyPdf(bytes, cfg);
        } else {
          const signatures: VerificationReport['signatures'] = [];
          for (const s of await listSignatureSiblings(deps.ds, doc.id)) signatures.push(...(await verifyDetached(bytes, await deps.blobs.get(s.storageKey), cfg)).signatures);
          report = { valid: signatures.length > 0 && signatures.every((s) => s.valid), signatures };
        }
      } catch (err) {
        report = { valid: false, signatures: [] };
        problems.push((err as Error).message);
      }
    }
    for (const s of report.signatures) for (const p of s.problems) problems.push(`${s.signer}: ${p.code} ${p.message}`);
    out.push({
      id: doc.id,
      name: doc.name,
      sha256: doc.sha256,
      count: report.signatures.length,
      valid: report.valid && report.signatures.length > 0,
      validSigners: report.signatures.filter((s) => s.valid).map((s) => s.signer),
      problems,
    });
  }
  return { documents: out };
}

/** The documents verified before the transaction are still the current ones, byte for byte. */
export async function stillCurrent(m: EntityManager, check: SignatureCheck): Promise<boolean> {
  for (const d of check.documents) {
    const row = await m.getRepository(DocumentEntity).findOneBy({ id: d.id });
    if (!row || !row.isCurrent || row.sha256 !== d.sha256) return false;
  }
  return true;
}
