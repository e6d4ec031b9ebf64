import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import { insertDocument, insertNextVersion, type BlobStore, type DocumentEntity } from '@tthc/persistence';
import { signDetached, signPdf, type SigningKeyProvider, type VerificationReport } from '@tthc/signing';
import { createHash, X509Certificate } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { DocumentAccess } from '../documents/document-access';
import { toDocumentView, type DocumentView } from '../documents/document-view';
import { BLOB_STORE } from '../documents/documents-config';
import { StoreDocument } from '../documents/store-document';
import { documentSignAudit } from './document-sign-audit';
import { OfficerKeys } from './officer-keys';
import { PDF_TYPE, SignatureVerifier, summaryOf } from './signature-verifier';
import { mapSigningErrors } from './signing-error.mapper';
import { SigningContext } from './signing-context';

export interface SignCommand {
  documentId: string;
  reason?: string;
  /** visible stamp on the PDF (default true) */
  visible?: boolean;
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
 * stored; the signing is audited (sha-256 before/after, certificate subject/serial).
 * Nothing is written before the signature exists; StoreDocument removes the new blob again
 * if the row cannot be written.
 */
@Injectable()
export class SignDocumentUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
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
        const result = doc.mediaType === PDF_TYPE ? await this.signPdf(doc, bytes, provider, cmd, user) : await this.signOther(doc, bytes, provider, user);
        await this.audit.record(
          documentSignAudit(user.username, doc, {
            format: doc.mediaType === PDF_TYPE ? 'pades' : 'cades-detached',
            newDocumentId: result.stored.id,
            sha256After: result.stored.sha256,
            certificate: { subject: cert.subject, serial: cert.serialNumber, issuer: cert.issuer },
            reason: cmd.reason ?? null,
            valid: result.report.valid,
          }),
        );
        return result.view;
      } finally {
        await provider.close?.();
      }
    });
  }

  private async signPdf(doc: DocumentEntity, bytes: Buffer, provider: SigningKeyProvider, cmd: SignCommand, user: AuthUser) {
    const cfg = await this.signing.get();
    const { pdf } = await signPdf(bytes, {
      provider,
      reason: cmd.reason,
      signerName: user.fullName,
      tsaUrl: cfg.tsaUrl,
      ...(cmd.visible === false ? { stamp: false as const } : {}),
    });
    const report = await this.verifier.pdf(pdf);
    const stored = await this.store.bytes(pdf, (blob) =>
      insertNextVersion(this.ds, doc.id, { ...blob, instanceId: doc.instanceId, kind: doc.kind, name: doc.name, mediaType: PDF_TYPE, uploadedBy: user.username, signatureSummary: summaryOf(report) }),
    );
    return { stored, report, view: { document: toDocumentView(stored), report } };
  }

  private async signOther(doc: DocumentEntity, bytes: Buffer, provider: SigningKeyProvider, user: AuthUser) {
    const cfg = await this.signing.get();
    const p7s = await signDetached(bytes, { provider, tsaUrl: cfg.tsaUrl });
    const own = await this.verifier.detached(bytes, p7s);
    const stored = await this.store.bytes(p7s, (blob) =>
      insertDocument(this.ds, {
        ...blob,
        instanceId: doc.instanceId,
        kind: 'signature',
        name: `${doc.name}.p7s`,
        mediaType: 'application/pkcs7-signature',
        uploadedBy: user.username,
        signsDocumentId: doc.id,
        signatureSummary: summaryOf(own),
      }),
    );
    // the document's status covers all its detached signatures, earlier ones included (stored() saves it)
    const report = await this.verifier.stored(doc);
    const updated = { ...doc, signatureSummary: summaryOf(report) };
    return { stored, report, view: { document: toDocumentView(updated), signature: toDocumentView(stored), report } as SignResult };
  }
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
