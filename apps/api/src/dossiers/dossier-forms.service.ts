import { Inject, Injectable } from '@nestjs/common';
import type { DossierForm } from '@tthc/contracts';
import { findDossierForm, type BlobStore } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { BLOB_STORE } from '../documents/documents-config';
import { DossierAccess } from './dossier-access';
import { DossierError, DossierErrorCode } from './dossier.errors';

export interface FormFile {
  name: string;
  mediaType: string;
  sha256: string;
  bytes: Buffer;
}

/**
 * The forms of a dossier as PDFs: the stored, possibly sealed, receipt (Mẫu 01),
 * supplement request (02), refusal (03) and apology (04) the step guard generated.
 */
@Injectable()
export class DossierFormsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly access: DossierAccess,
  ) {}

  async get(id: string, form: DossierForm, user: AuthUser): Promise<FormFile> {
    const d = await this.access.load(id, user, 'read');
    const doc = form === 'control-sheet' ? null : await findDossierForm(this.ds, d.id, form);
    if (!doc) throw new DossierError(DossierErrorCode.FORM_NOT_ISSUED, `the ${form} form has not been issued for this dossier`, { form });
    return { name: doc.name, mediaType: doc.mediaType, sha256: doc.sha256, bytes: await this.blobs.get(doc.storageKey) };
  }
}
