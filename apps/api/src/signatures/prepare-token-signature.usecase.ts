import { Inject, Injectable } from '@nestjs/common';
import type { PreparedTokenSignature, PrepareTokenSignatureRequest } from '@tthc/contracts';
import { getDocument, insertSignatureSession, purgeExpiredSignatureSessions, type BlobStore, type DocumentEntity } from '@tthc/persistence';
import { algorithmOfCertificate, buildSignedAttributes, preparePdfSignature } from '@tthc/signing';
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { BLOB_STORE } from '../documents/documents-config';
import { DossierAccess } from '../dossiers/dossier-access';
import { PDF_TYPE } from './signature-verifier';
import { signerMatchesOfficer } from './signer-identity';
import { mapSigningErrors } from './signing-error.mapper';
import { SigningContext } from './signing-context';
import { TokenSigningError, TokenSigningErrorCode } from './token-signing.errors';

/** How long a prepared signature waits for the token (the officer types a PIN in between). */
export const SIGNATURE_SESSION_TTL_MS = 10 * 60_000;

export interface PrepareTokenSignatureCommand extends PrepareTokenSignatureRequest {
  dossierId: string;
  documentId: string;
}

/**
 * First half of signing with the officer's own token: checks the certificate is the
 * officer's, writes the signature field/stamp and /ByteRange into a new revision of the
 * PDF (kept in `signature_sessions`, not yet a document version), and answers the signed
 * attributes the token must sign, with a short-lived handle for `complete`.
 */
@Injectable()
export class PrepareTokenSignatureUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly dossiers: DossierAccess,
    private readonly signing: SigningContext,
  ) {}

  async execute(cmd: PrepareTokenSignatureCommand, user: AuthUser): Promise<PreparedTokenSignature> {
    const dossier = await this.dossiers.load(cmd.dossierId, user, 'write');
    const doc = await signableDocument(this.ds, dossier.id, cmd.documentId);
    const certificate = Uint8Array.from(Buffer.from(cmd.certificate, 'base64'));
    const algorithm = await mapSigningErrors(async () => algorithmOfCertificate(certificate));
    const cert = new X509Certificate(Buffer.from(certificate));
    if (!signerMatchesOfficer(certificate, user.fullName)) {
      throw new TokenSigningError(TokenSigningErrorCode.SIGNER_MISMATCH, `the certificate is not ${user.fullName}'s (subject ${cert.subject.replace(/\n/g, ', ')})`, {
        subject: cert.subject.replace(/\n/g, ', '),
        officer: user.fullName,
      });
    }
    const now = new Date();
    if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) {
      throw new TokenSigningError(TokenSigningErrorCode.CERTIFICATE_NOT_VALID, `the certificate is valid from ${new Date(cert.validFrom).toISOString()} to ${new Date(cert.validTo).toISOString()}`, {
        notBefore: new Date(cert.validFrom).toISOString(),
        notAfter: new Date(cert.validTo).toISOString(),
      });
    }
    const cfg = await this.signing.get();
    const bytes = await this.blobs.get(doc.storageKey);
    const prepared = await mapSigningErrors(() =>
      preparePdfSignature(bytes, {
        signerCertificate: certificate,
        reason: cmd.reason,
        signerName: user.fullName,
        signingTime: now,
        tsaUrl: cfg.tsaUrl,
        ...(cmd.visible === false ? { stamp: false as const } : {}),
      }),
    );
    const signedAttributes = await buildSignedAttributes({ contentDigest: prepared.digest, signerCertificate: certificate });
    const handle = randomUUID();
    const expiresAt = new Date(now.getTime() + SIGNATURE_SESSION_TTL_MS);
    await purgeExpiredSignatureSessions(this.ds, now);
    await insertSignatureSession(this.ds, {
      id: handle,
      documentId: doc.id,
      dossierId: dossier.id,
      createdBy: user.username,
      createdAt: now,
      expiresAt,
      completedAt: null,
      signedDocumentId: null,
      signerCertificate: cmd.certificate,
      algorithm,
      byteRange: prepared.byteRange,
      digest: Buffer.from(prepared.digest).toString('hex'),
      fieldName: prepared.fieldName,
      reason: cmd.reason ?? null,
      preparedPdf: Buffer.from(prepared.pdf).toString('base64'),
    });
    return {
      handle,
      expiresAt: expiresAt.toISOString(),
      documentId: doc.id,
      algorithm,
      signedAttributes: Buffer.from(signedAttributes).toString('base64'),
      digest: createHash('sha256').update(signedAttributes).digest('base64'),
      digestAlgorithm: 'SHA-256',
    };
  }
}

/** The current PDF version of a document of this dossier (else 422 DOCUMENT_NOT_SIGNABLE; unknown → 404). */
export async function signableDocument(ds: DataSource, dossierId: string, documentId: string): Promise<DocumentEntity> {
  const doc = /^[0-9a-f-]{36}$/i.test(documentId) ? await getDocument(ds, documentId) : null;
  if (!doc || doc.dossierId !== dossierId) throw ApiError.notFound('document of this dossier', { documentId });
  if (!doc.isCurrent) {
    throw new TokenSigningError(TokenSigningErrorCode.DOCUMENT_NOT_SIGNABLE, 'this version has been superseded: sign the current version', { documentId: doc.id });
  }
  if (doc.mediaType !== PDF_TYPE || doc.kind === 'signature') {
    throw new TokenSigningError(TokenSigningErrorCode.DOCUMENT_NOT_SIGNABLE, 'only PDF documents are signed with a token (PAdES)', { mediaType: doc.mediaType });
  }
  return doc;
}
