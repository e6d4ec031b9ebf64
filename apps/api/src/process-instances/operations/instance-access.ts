import { getInstance, type ProcessInstanceEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { hasRole, type AuthUser } from '../../common/auth/auth-user';
import { assertInAgencyScope } from '../../common/auth/agency-scope';
import { ApiError } from '../../common/errors/api-error';

/**
 * The instance an operator may change: admin anywhere; an analyst (or, where allowed, an officer)
 * only in their own agency — or an agency-less process; another agency's instance is not found.
 */
export async function loadOperable(ds: DataSource, id: string, user: AuthUser): Promise<ProcessInstanceEntity> {
  const inst = await getInstance(ds, id);
  if (!inst) throw ApiError.notFound(`process instance ${id}`);
  assertInAgencyScope(user, inst.agency, `process instance ${id}`, hasRole(user, 'admin'));
  return inst;
}
