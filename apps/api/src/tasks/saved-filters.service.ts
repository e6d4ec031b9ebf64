import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type InboxFilter, type SavedFilterView } from '@tthc/contracts';
import {
  deleteSavedFilterIn,
  getReadableFilter,
  inTransaction,
  insertSavedFilterIn,
  listReadableFilters,
  updateSavedFilterIn,
  type FilterReader,
  type SavedFilterEntity,
} from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';

export interface SaveFilterCommand {
  name: string;
  filter: InboxFilter;
  /** a unit of the owner's agency to share with; null: private */
  sharedWithUnit: string | null;
}

const notFound = (id: string) => new ApiError(ErrorCode.NOT_FOUND, `saved filter ${id} not found`, { id });

/**
 * Inbox filters saved on the server: the owner's own, or shared with one of the owner's
 * units — colleagues of that unit in the same agency see it, nobody else (an unknown filter
 * and one the caller may not see answer the same 404). Only the owner changes or deletes it.
 * Every change is audited in its transaction.
 */
@Injectable()
export class SavedFiltersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser): Promise<{ items: SavedFilterView[] }> {
    return { items: (await listReadableFilters(this.ds, reader(user))).map((f) => toView(f, user)) };
  }

  async get(id: string, user: AuthUser): Promise<SavedFilterView> {
    const f = await getReadableFilter(this.ds, id, reader(user));
    if (!f) throw notFound(id);
    return toView(f, user);
  }

  async create(cmd: SaveFilterCommand, user: AuthUser): Promise<SavedFilterView> {
    this.checkShare(cmd.sharedWithUnit, user);
    const row = await inTransaction(this.ds, async (m) => {
      const f = await insertSavedFilterIn(m, { name: cmd.name, owner: user.username, agency: user.agency, unit: cmd.sharedWithUnit, filter: { ...cmd.filter } });
      await this.audit.recordIn(m, { actor: user.username, action: 'task-filter.create', entity: 'task-filter', entityId: f.id, details: { name: f.name, sharedWithUnit: f.unit, filter: f.filter } });
      return f;
    });
    return toView(row, user);
  }

  async update(id: string, patch: Partial<SaveFilterCommand>, user: AuthUser): Promise<SavedFilterView> {
    const row = await inTransaction(this.ds, async (m) => {
      const f = await this.owned(m, id, user);
      if (patch.sharedWithUnit !== undefined) this.checkShare(patch.sharedWithUnit, user);
      const changes = {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.filter !== undefined ? { filter: { ...patch.filter } } : {}),
        ...(patch.sharedWithUnit !== undefined ? { unit: patch.sharedWithUnit } : {}),
      };
      const after = (await updateSavedFilterIn(m, f.id, changes))!;
      await this.audit.recordIn(m, { actor: user.username, action: 'task-filter.update', entity: 'task-filter', entityId: f.id, details: { name: after.name, sharedWithUnit: after.unit, filter: after.filter } });
      return after;
    });
    return toView(row, user);
  }

  async remove(id: string, user: AuthUser): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      const f = await this.owned(m, id, user);
      await deleteSavedFilterIn(m, f.id);
      await this.audit.recordIn(m, { actor: user.username, action: 'task-filter.delete', entity: 'task-filter', entityId: f.id, details: { name: f.name } });
    });
  }

  /** readable and owned by the caller: 404 when unseen, 403 for a colleague's shared filter */
  private async owned(m: Parameters<typeof getReadableFilter>[0], id: string, user: AuthUser): Promise<SavedFilterEntity> {
    const f = await getReadableFilter(m, id, reader(user));
    if (!f) throw notFound(id);
    if (f.owner !== user.username) throw ApiError.forbidden(`only its owner (${f.owner}) changes or deletes this shared filter`);
    return f;
  }

  /** a filter is shared only with a unit of the owner's own agency the owner belongs to */
  private checkShare(unit: string | null, user: AuthUser): void {
    if (unit === null) return;
    if (!user.agency) throw new ApiError(ErrorCode.VALIDATION_FAILED, 'you belong to no agency: a filter can only be private', { sharedWithUnit: unit }, 422);
    if (!user.units.includes(unit)) {
      throw new ApiError(ErrorCode.VALIDATION_FAILED, `you can share a filter only with your own units (${user.units.join(', ') || 'none'}), not ${unit}`, { sharedWithUnit: unit, units: user.units }, 422);
    }
  }
}

function reader(user: AuthUser): FilterReader {
  return { username: user.username, agency: user.agency, units: user.units };
}

function toView(f: SavedFilterEntity, user: AuthUser): SavedFilterView {
  return {
    id: f.id,
    name: f.name,
    owner: f.owner,
    agency: f.agency,
    sharedWithUnit: f.unit,
    filter: f.filter as InboxFilter,
    mine: f.owner === user.username,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}
