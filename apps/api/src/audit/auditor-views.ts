import { Injectable } from '@nestjs/common';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { AuditService } from './audit.service';

/**
 * Every audit view is itself audited (issue 13 §6): one `audit.view` entry per read an
 * auditor makes of a dossier, written after the read succeeded (a read has no transaction
 * to share). Reads by other roles are not logged here.
 */
@Injectable()
export class AuditorViews {
  constructor(private readonly audit: AuditService) {}

  async record<T>(user: AuthUser, entity: string, entityId: string, view: string, read: Promise<T>): Promise<T> {
    const result = await read;
    if (hasRole(user, 'auditor')) await this.audit.record({ actor: user.username, action: 'audit.view', entity, entityId, details: { view } });
    return result;
  }
}
