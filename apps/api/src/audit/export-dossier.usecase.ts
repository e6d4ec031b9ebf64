import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_BUNDLE_ENTRIES as E, AUDIT_BUNDLE_FORMAT, type AuditBundleManifest } from '@tthc/contracts';
import { auditKeysFor, dossierEventContentHash, getDefinitionById, getDossierByCode, listDossierDocuments, type BlobStore } from '@tthc/persistence';
import { zipSync } from 'fflate';
import { createHash, sign } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { BLOB_STORE } from '../documents/documents-config';
import { DossierAccess } from '../dossiers/dossier-access';
import { DossierQueries } from '../dossiers/dossier-queries.service';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { AuditService } from './audit.service';

export interface AuditBundle {
  fileName: string;
  bytes: Buffer;
  manifest: AuditBundleManifest;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + '\n', 'utf8');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * `GET /audit/dossiers/:ref/export`: one dossier's signed audit bundle — the dossier, its event
 * log (with the chain hashes), progress records, Temporal history, documents' hashes and
 * signature summaries (bytes on request), the BPMN version it ran — listed in a manifest
 * signed with the audit system key (Ed25519, the key of the audit checkpoints).
 */
@Injectable()
export class ExportDossierUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: DossierAccess,
    private readonly queries: DossierQueries,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
  ) {}

  async execute(ref: string, opts: { documents: boolean }, user: AuthUser): Promise<AuditBundle> {
    const byCode = /^[0-9a-f-]{36}$/i.test(ref) ? null : await getDossierByCode(this.ds, ref);
    const d = await this.access.load(byCode?.id ?? ref, user, 'read');
    const files: Record<string, Uint8Array> = {};
    files[E.dossier] = json(await this.queries.get(d.id, user));
    // contentHash: the unkeyed SHA-256 of each event's content, so an offline verifier without
    // the HMAC key still finds the event that changed (the keyed hash is checked by `audit verify`)
    files[E.events] = json(
      (await this.queries.events(d.id, user)).items.map((e) => ({
        ...e,
        contentHash: dossierEventContentHash({ dossierId: d.id, seq: e.seq, kind: e.kind, actor: e.actor, unit: e.unit, at: new Date(e.at), payload: e.payload }),
      })),
    );
    files[E.progress] = json((await this.queries.progress(d.id, user)).items);
    const docs = await listDossierDocuments(this.ds, d.id);
    files[E.documents] = json(
      docs.map((doc) => ({
        id: doc.id,
        kind: doc.kind,
        form: doc.form ?? null,
        resultCode: doc.resultCode ?? null,
        name: doc.name,
        mediaType: doc.mediaType,
        size: doc.sizeBytes,
        sha256: doc.sha256,
        version: doc.version,
        supersedesId: doc.supersedesId,
        signsDocumentId: doc.signsDocumentId,
        signatures: doc.signatureSummary,
        uploadedBy: doc.uploadedBy,
        uploadedAt: doc.uploadedAt.toISOString(),
        ...(opts.documents ? { file: `${E.documentsDir}${doc.id}/${safeName(doc.name)}` } : {}),
      })),
    );
    if (opts.documents) for (const doc of docs) files[`${E.documentsDir}${doc.id}/${safeName(doc.name)}`] = await this.blobs.get(doc.storageKey);
    const definition = await getDefinitionById(this.ds, d.definitionId);
    if (definition) files[E.bpmn] = Buffer.from(definition.xml, 'utf8');
    const history = await this.temporal.historyJson(`dossier/${d.id}`);
    if (history) files[E.history] = Buffer.from(history, 'utf8');

    const keys = auditKeysFor(this.ds);
    const manifest: AuditBundleManifest = {
      format: AUDIT_BUNDLE_FORMAT,
      createdAt: new Date().toISOString(),
      createdBy: user.username,
      dossier: { id: d.id, code: d.code },
      keyId: keys.keyId,
      history: !!history,
      entries: Object.entries(files)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([path, bytes]) => ({ path, sha256: sha256(bytes), size: bytes.byteLength })),
    };
    const manifestBytes = json(manifest);
    files[E.manifest] = manifestBytes;
    files[E.signature] = Buffer.from(sign(null, manifestBytes, keys.signingKey).toString('base64') + '\n', 'utf8');
    files[E.publicKey] = Buffer.from(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'utf8');
    // stored, not compressed: the bundle stays readable with any tool, and every byte is an entry's byte
    const bytes = Buffer.from(zipSync(files, { level: 0, mtime: new Date(manifest.createdAt) }));
    await this.audit.record({
      actor: user.username,
      action: 'audit.export',
      entity: 'dossier',
      entityId: d.id,
      details: { code: d.code, documents: opts.documents, manifestSha256: sha256(manifestBytes), size: bytes.byteLength },
    });
    return { fileName: `${d.code ?? d.id}.audit.zip`, bytes, manifest };
  }
}

function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 120) || 'file';
}
