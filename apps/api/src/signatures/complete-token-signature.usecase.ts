import { Inject, Injectable } from '@nestjs/common';
import type { CompletedTokenSignature, CompleteTokenSignatureRequest } from '@tthc/contracts';
import {
  appendDossierEvent,
  completeSignatureSession,
  DocumentVersionConflictError,
  getSignatureSession,
  isUniqueViolation,
} from '@tthc/persistence';
import {
  assembleCmsSignature,
  buildSignedAttributes,
  embedPdfSignature,
  normaliseSignature,
  verifyExternalSignature,
  type SignatureAlgorithm,
} from '@tthc/signing';
import { X509Certificate } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { toDocumentView } from '../documents/document-view';
import { StoreDocument } from '../documents/store-document';
import { DossierAccess } from '../dossiers/dossier-access';
import { signableDocument } from './prepare-token-signature.usecase';
import { documentSignAudit } from './document-sign-audit';
import { SignatureVerifier } from './signature-verifier';
import { insertSignedPdfVersionIn } from './signed-version';
import { signerMatchesOfficer } from './signer-identity';
import { mapSigningErrors } from './signing-error.mapper';
import { SigningContext } from './signing-context';
import { TokenSigningError, TokenSigningErrorCode } from './token-signing.errors';

export interface CompleteTokenSignatureCommand extends CompleteTokenSignatureRequest {
  dossierId: string;
  documentId: string;
}

const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));

/**
 * Second half of signing with the officer's token: the handle must be this officer's, for
 * this document, unexpired and not completed; the returned signature must be the
 * certificate key's signature over the prepared signed attributes. The CMS is embedded, the
 * whole file verified with the configured trust anchors (a signature that does not verify is
 * refused, nothing stored), then the signed PDF becomes the document's next version — that
 * row, the session's completion, the dossier event `document.signed` and the audit entry
 * commit in ONE transaction (StoreDocument's).
 */
@Injectable()
export class CompleteTokenSignatureUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly store: StoreDocument,
    private readonly dossiers: DossierAccess,
    private readonly signing: SigningContext,
    private readonly verifier: SignatureVerifier,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: CompleteTokenSignatureCommand, user: AuthUser): Promise<CompletedTokenSignature> {
    const dossier = await this.dossiers.load(cmd.dossierId, user, 'write');
    const session = /^[0-9a-f-]{36}$/i.test(cmd.handle) ? await getSignatureSession(this.ds, cmd.handle) : null;
    if (!session || session.createdBy !== user.username || session.dossierId !== dossier.id || session.documentId !== cmd.documentId) {
      throw new TokenSigningError(TokenSigningErrorCode.SIGNATURE_SESSION_NOT_FOUND, 'no prepared signature with this handle for this document: prepare again');
    }
    if (session.completedAt) {
      throw new TokenSigningError(TokenSigningErrorCode.SIGNATURE_ALREADY_COMPLETED, 'this signature has already been completed', { signedDocumentId: session.signedDocumentId });
    }
    const now = new Date();
    if (session.expiresAt.getTime() <= now.getTime()) {
      throw new TokenSigningError(TokenSigningErrorCode.SIGNATURE_SESSION_EXPIRED, 'the prepared signature has expired: prepare again', { expiredAt: session.expiresAt.toISOString() });
    }
    const doc = await signableDocument(this.ds, dossier.id, session.documentId);
    const certificate = b64(session.signerCertificate);
    if (!signerMatchesOfficer(certificate, user.fullName)) {
      throw new TokenSigningError(TokenSigningErrorCode.SIGNER_MISMATCH, `the certificate is not ${user.fullName}'s`);
    }
    const algorithm = session.algorithm as SignatureAlgorithm;
    const contentDigest = Uint8Array.from(Buffer.from(session.digest, 'hex'));
    const signedAttributes = await buildSignedAttributes({ contentDigest, signerCertificate: certificate });
    const signature = normaliseSignature(b64(cmd.signature), algorithm);
    if (!verifyExternalSignature(certificate, signedAttributes, signature)) {
      throw new TokenSigningError(
        TokenSigningErrorCode.SIGNATURE_INVALID,
        "the signature is not the certificate key's signature over the prepared data (another key signed, or other data was signed)",
      );
    }
    const certPem = new X509Certificate(Buffer.from(certificate));
    const extra = (cmd.chain ?? []).map(b64).filter((c) => Buffer.compare(Buffer.from(c), Buffer.from(certificate)) !== 0);
    const cfg = await this.signing.get();
    const { pdf, report } = await mapSigningErrors(async () => {
      const cms = await assembleCmsSignature({ contentDigest, signerCertificate: certificate, chain: [certificate, ...extra], algorithm, signature, tsaUrl: cfg.tsaUrl });
      const signed = embedPdfSignature(b64(session.preparedPdf), session.byteRange, cms.der);
      return { pdf: signed, report: await this.verifier.pdf(signed) };
    });
    const mine = report.signatures[report.signatures.length - 1];
    if (!report.valid || !mine?.valid) {
      throw new TokenSigningError(TokenSigningErrorCode.SIGNATURE_NOT_ACCEPTED, 'the signed document does not verify: nothing was stored', {
        problems: report.signatures.flatMap((s) => s.problems),
      });
    }

    const unit = user.units.find((u) => u === dossier.receivingUnit) ?? user.units[0] ?? null;
    try {
      const stored = await this.store.bytes(pdf, async (m, blob) => {
        const row = await insertSignedPdfVersionIn(m, doc, blob, user.username, report, now);
        if (!(await completeSignatureSession(m, session.id, row.id, now))) {
          throw new TokenSigningError(TokenSigningErrorCode.SIGNATURE_ALREADY_COMPLETED, 'this signature has already been completed');
        }
        const certificateInfo = { subject: certPem.subject.replace(/\n/g, ', '), serial: certPem.serialNumber, issuer: certPem.issuer.replace(/\n/g, ', ') };
        await appendDossierEvent(m, dossier.id, {
          kind: 'document.signed',
          actor: user.username,
          unit,
          at: now,
          payload: { documentId: doc.id, newDocumentId: row.id, name: doc.name, sha256Before: doc.sha256, sha256After: blob.sha256, keyHolder: 'officer-token', certificate: certificateInfo },
        });
        await this.audit.recordIn(
          m,
          documentSignAudit(user.username, doc, {
            format: 'pades',
            keyHolder: 'officer-token',
            newDocumentId: row.id,
            sha256After: blob.sha256,
            certificate: certificateInfo,
            reason: session.reason,
            valid: report.valid,
          }),
        );
        return row;
      });
      return { document: toDocumentView(stored), report };
    } catch (err) {
      // a concurrent completion of the same handle lost the race on the document version: say so
      if ((await getSignatureSession(this.ds, session.id))?.completedAt) {
        throw new TokenSigningError(TokenSigningErrorCode.SIGNATURE_ALREADY_COMPLETED, 'this signature has already been completed');
      }
      if (err instanceof DocumentVersionConflictError || isUniqueViolation(err)) {
        throw new TokenSigningError(TokenSigningErrorCode.DOCUMENT_NOT_SIGNABLE, 'this version has been superseded meanwhile: sign the current version', { documentId: doc.id });
      }
      throw err;
    }
  }
}
