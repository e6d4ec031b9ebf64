import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import { ensureUserIn, findUserById, findUserByUsername, inTransaction, listAgencies, listUnits, updateUserIn, upsertAgencyIn, upsertUnitIn, type Role } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { toAuthUser, type AuthUser } from '../common/auth/auth-user';
import { AuthUserCache } from '../common/auth/auth-user.cache';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { hashPassword, verifyPassword } from './password-hasher';

/** A partial update: absent fields stay as they are. */
export interface UserPatch {
  fullName?: string;
  password?: string;
  roles?: Role[];
  agency?: string | null;
  units?: string[];
  groups?: string[];
  active?: boolean;
  /** chức danh; null removes it */
  title?: string | null;
}

export interface UserInput {
  username: string;
  fullName: string;
  password: string;
  roles: Role[];
  agency?: string | null;
  units?: string[];
  groups?: string[];
  title?: string | null;
}

/** Administration of agencies, units and users, and a user's own password. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly authUsers: AuthUserCache,
  ) {}

  async saveAgency(a: { code: string; name: string; units: Array<{ code: string; name: string }> }, actor: AuthUser) {
    await inTransaction(this.ds, async (m) => {
      await upsertAgencyIn(m, { code: a.code, name: a.name });
      for (const u of a.units) await upsertUnitIn(m, { agency: a.code, ...u });
      await this.audit.recordIn(m, { actor: actor.username, action: 'agency.save', entity: 'agency', entityId: a.code, details: { name: a.name, units: a.units.map((u) => u.code) } });
    });
    return { code: a.code, name: a.name, units: (await listUnits(this.ds, a.code)).map((u) => ({ code: u.code, name: u.name })) };
  }

  async createUser(input: UserInput, actor: AuthUser): Promise<AuthUser> {
    await this.checkPlacement(input.agency ?? null, input.units ?? []);
    if (await findUserByUsername(this.ds, input.username)) throw new ApiError(ErrorCode.CONFLICT, `user ${input.username} exists`);
    const passwordHash = await hashPassword(input.password);
    const user = await inTransaction(this.ds, async (m) => {
      const { user, created } = await ensureUserIn(m, { ...input, passwordHash });
      if (!created) throw new ApiError(ErrorCode.CONFLICT, `user ${input.username} exists`);
      await this.audit.recordIn(m, { actor: actor.username, action: 'user.create', entity: 'user', entityId: user.id, details: { username: user.username, roles: user.roles, agency: user.agency, units: user.units, groups: user.groups } });
      return user;
    });
    return toAuthUser(user);
  }

  /** Changes only the fields sent; a new password, a deactivation or new roles revoke the user's tokens. */
  async updateUser(id: string, changes: UserPatch, actor: AuthUser): Promise<AuthUser> {
    const current = await findUserById(this.ds, id);
    if (!current) throw ApiError.notFound(`user ${id}`);
    const agency = changes.agency !== undefined ? changes.agency : current.agency;
    // moving a user to another agency without naming units drops the old agency's units
    const units = changes.units ?? (changes.agency !== undefined && changes.agency !== current.agency ? [] : current.units);
    await this.checkPlacement(agency, units);
    const { password, ...rest } = changes;
    const passwordHash = password ? await hashPassword(password) : undefined;
    const unitsChange = changes.units !== undefined || units !== current.units ? { units } : {};
    const result = await inTransaction(this.ds, async (m) => {
      const r = await updateUserIn(m, id, { ...rest, ...unitsChange, passwordHash });
      if (!r) throw ApiError.notFound(`user ${id}`);
      await this.audit.recordIn(m, {
        actor: actor.username,
        action: 'user.update',
        entity: 'user',
        entityId: id,
        details: { ...rest, ...unitsChange, passwordChanged: !!password, tokensRevoked: r.tokensRevoked },
      });
      return r;
    });
    // committed: the guard reads the new row (roles, units, revoked tokens) from the next request on
    this.authUsers.forget(id);
    return toAuthUser(result.after);
  }

  /** The caller's own password; every token issued before (this one included) stops working. */
  async changeOwnPassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const row = await findUserById(this.ds, user.id);
    if (!row || !(await verifyPassword(currentPassword, row.passwordHash))) {
      throw new ApiError(ErrorCode.VALIDATION_FAILED, 'the current password is wrong', undefined, 422);
    }
    const passwordHash = await hashPassword(newPassword);
    await inTransaction(this.ds, async (m) => {
      await updateUserIn(m, user.id, { passwordHash });
      await this.audit.recordIn(m, { actor: user.username, action: 'user.password', entity: 'user', entityId: user.id, details: { tokensRevoked: true } });
    });
    this.authUsers.forget(user.id);
  }

  /** the agency must exist and the units must belong to it */
  private async checkPlacement(agency: string | null, units: string[]): Promise<void> {
    if (!agency) {
      if (units.length) throw ApiError.badRequest('units need an agency');
      return;
    }
    const known = (await listUnits(this.ds, agency)).map((u) => u.code);
    if (!(await listAgencies(this.ds)).some((a) => a.code === agency)) throw ApiError.badRequest(`unknown agency ${agency}`);
    const unknown = units.filter((u) => !known.includes(u));
    if (unknown.length) throw ApiError.badRequest(`unknown unit(s) of ${agency}: ${unknown.join(', ')}`);
  }
}
