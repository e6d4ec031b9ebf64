import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import { DocumentVersionConflictError, insertDocumentIn, isUniqueViolation, type BlobStore, type DocumentEntity } from '@tthc/persistence';
import { signDetached, signPdf, type SigningKeyProvider, type VerificationReport } from '@tthc/signing';
import { createHash, X509Certificate } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DocumentAccess } from '../documents/document-access';
import { toDocumentView, type DocumentView } from '../documents/document-view';
import { BLOB_STORE } from '../documents/documents-config';
import { StoreDocument } from '../documents/store-document';
import { documentSignAudit, type DocumentSignFacts } from './document-sign-audit';
import { OfficerKeys } from './officer-keys';
import { PDF_TYPE, SignatureVerifier, summaryOf } from './signature-verifier';
import { insertSignedPdfVersionIn } from './signed-version';
import { mapSigningErrors } from './signing-error.mapper';
import { SigningContext } from './signing-context';

export interface SignCommand {
  documentId: string;
  reason?: string;
  /** visible stamp on the PDF (default true) */
  visible?: boolean;
}

/** Who signs, with which certificate, why — what the audit entry names. */
interface Signer {
  user: AuthUser;
  reason: string | null;
  certificate: DocumentSignFacts['certificate'];
}

export interface SignResult {
  /** PDF: the new signed version; other files: the document, with its updated summary */
  document: DocumentView;
  /** other files: the stored detached signature (.p7s) */
  signature?: DocumentView;
  report: VerificationReport;
}

/**
 * Signs a stored document as the current officer with that officer's own key: PAdES
 * into a new version for a PDF (the old version is kept), detached CAdES stored as a
 * `.p7s` sibling for anything else. The result is verified at once and the report
 * stored; the signing is audited (sha-256 before/after, certificate subject/serial) in the
 * transaction that stores the new row — both commit or neither. Nothing is written before the
 * signature exists; StoreDocument removes the new blob again if the rows cannot be written.
 */
@Injectable()
export class SignDocumentUseCase {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: DocumentAccess,
    private readonly store: StoreDocument,
    private readonly keys: OfficerKeys,
    private readonly signing: SigningContext,
    private readonly verifier: SignatureVerifier,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: SignCommand, user: AuthUser): Promise<SignResult> {
    const { doc } = await this.access.document(cmd.documentId, user, 'sign');
    if (doc.kind === 'signature') throw new ApiError(ErrorCode.CONFLICT, 'a detached signature is not signed itself; sign the document it belongs to');
    if (!doc.isCurrent) throw new ApiError(ErrorCode.CONFLICT, 'this version has been superseded: sign the current version', { documentId: doc.id });
    const bytes = await this.blobs.get(doc.storageKey);
    if (sha256(bytes) !== doc.sha256) throw new ApiError(ErrorCode.INTERNAL, `stored bytes of document ${doc.id} do not match their sha-256`);
    return mapSigningErrors(async () => {
      const provider = await this.keys.open(user);
      try {
        const cert = new X509Certificate(Buffer.from((await provider.certificateChain())[0]));
        const signer: Signer = { user, reason: cmd.reason ?? null, certificate: { subject: cert.subject, serial: cert.serialNumber, issuer: cert.issuer } };
        return doc.mediaType === PDF_TYPE ? await this.signPdf(doc, bytes, provider, signer, cmd.visible) : await this.signOther(doc, bytes, provider, signer);
      } catch (err) {
        // the loser of two concurrent signings of one version: its transaction was rolled back
        if (isUniqueViolation(err)) throw new DocumentVersionConflictError(doc.id);
        throw err;
      } finally {
        await provider.close?.();
      }
    });
  }

  /** The new row(s) and the `document.sign` audit entry commit together (StoreDocument's transaction). */
  private audited(m: EntityManager, doc: DocumentEntity, signer: Signer, stored: DocumentEntity, format: DocumentSignFacts['format'], valid: boolean) {
    return this.audit.recordIn(
      m,
      documentSignAudit(signer.user.username, doc, {
        format,
        newDocumentId: stored.id,
        sha256After: stored.sha256,
        certificate: signer.certificate,
        reason: signer.reason,
        valid,
      }),
    );
  }

  private async signPdf(doc: DocumentEntity, bytes: Buffer, provider: SigningKeyProvider, signer: Signer, visible?: boolean): Promise<SignResult> {
    const cfg = await this.signing.get();
    const { pdf } = await signPdf(bytes, {
      provider,
      reason: signer.reason ?? undefined,
      signerName: signer.user.fullName,
      tsaUrl: cfg.tsaUrl,
      ...(visible === false ? { stamp: false as const } : {}),
    });
    const report = await this.verifier.pdf(pdf);
    const stored = await this.store.bytes(pdf, async (m, blob) => {
      const row = await insertSignedPdfVersionIn(m, doc, blob, signer.user.username, report);
      await this.audited(m, doc, signer, row, 'pades', report.valid);
      return row;
    });
    return { document: toDocumentView(stored), report };
  }

  private async signOther(doc: DocumentEntity, bytes: Buffer, provider: SigningKeyProvider, signer: Signer): Promise<SignResult> {
    const cfg = await this.signing.get();
    const p7s = await signDetached(bytes, { provider, tsaUrl: cfg.tsaUrl });
    const own = await this.verifier.detached(bytes, p7s);
    const stored = await this.store.bytes(p7s, async (m, blob) => {
      const row = await insertDocumentIn(m, {
        ...blob,
        instanceId: doc.instanceId,
        kind: 'signature',
        name: `${doc.name}.p7s`,
        mediaType: 'application/pkcs7-signature',
        uploadedBy: signer.user.username,
        signsDocumentId: doc.id,
        signatureSummary: summaryOf(own),
      });
      await this.audited(m, doc, signer, row, 'cades-detached', own.valid);
      return row;
    });
    // the document's status covers all its detached signatures, earlier ones included (stored() saves it)
    const report = await this.verifier.stored(doc);
    const updated = { ...doc, signatureSummary: summaryOf(report) };
    return { document: toDocumentView(updated), signature: toDocumentView(stored), report };
  }
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
