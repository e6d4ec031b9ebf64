import { Inject, Injectable } from '@nestjs/common';
import { getDocument, getInstance, type DocumentEntity, type ProcessInstanceEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { assertInAgencyScope } from '../common/auth/agency-scope';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { ErrorCode } from '@tthc/contracts';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';

export type AccessMode = 'read' | 'write' | 'sign';

/**
 * Who may touch a dossier's documents: the instance must be visible to the caller
 * (own agency, or admin/province auditor — same rule as GET /process-instances/:id; another
 * agency's is not found: assertInAgencyScope); reading is
 * then open to any such user, uploading to officers and admins, signing to officers
 * (who sign with their own key) — both only while the instance is ACTIVE (409 after).
 * Auditors read, never write.
 */
@Injectable()
export class DocumentAccess {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** `what`: what a refusal names (a document is refused as `document <id>`, not as its instance) */
  async instance(id: string, user: AuthUser, mode: AccessMode, what = `process instance ${id}`): Promise<ProcessInstanceEntity> {
    const inst = await getInstance(this.ds, id);
    if (!inst) throw ApiError.notFound(what);
    assertInAgencyScope(user, inst.agency, what);
    if (mode === 'write' && !hasRole(user, 'officer', 'admin')) throw ApiError.forbidden('only officers and admins add documents');
    if (mode === 'sign' && !hasRole(user, 'officer')) throw ApiError.forbidden('only officers sign documents');
    if (mode === 'sign' && inst.agency && inst.agency !== user.agency) throw ApiError.forbidden('officers sign documents of their own agency only');
    // a finished dossier's file is closed: nothing is added or signed after the fact
    if (mode !== 'read' && inst.state !== 'ACTIVE') {
      throw new ApiError(ErrorCode.CONFLICT, `the dossier is ${inst.state}: documents can no longer be ${mode === 'sign' ? 'signed' : 'added'}`, { state: inst.state });
    }
    return inst;
  }

  async document(id: string, user: AuthUser, mode: AccessMode): Promise<{ doc: DocumentEntity; inst: ProcessInstanceEntity }> {
    const doc = await getDocument(this.ds, id);
    if (!doc) throw ApiError.notFound(`document ${id}`);
    const inst = await this.instance(doc.instanceId, user, mode, `document ${id}`);
    return { doc, inst };
  }
}
