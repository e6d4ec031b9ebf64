import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@tthc/contracts';
import { ensureUser, findUserById, findUserByUsername, listAgencies, listUnits, updateUser, upsertAgency, upsertUnit, type Role } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { toAuthUser, type AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { hashPassword, verifyPassword } from './password-hasher';

export interface UserInput {
  username: string;
  fullName: string;
  password: string;
  roles: Role[];
  agency?: string | null;
  units?: string[];
  groups?: string[];
}

/** Administration of agencies, units and users, and a user's own password. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async saveAgency(a: { code: string; name: string; units: Array<{ code: string; name: string }> }, actor: AuthUser) {
    await upsertAgency(this.ds, { code: a.code, name: a.name });
    for (const u of a.units) await upsertUnit(this.ds, { agency: a.code, ...u });
    await this.audit.record({ actor: actor.username, action: 'agency.save', entity: 'agency', entityId: a.code, details: { name: a.name, units: a.units.map((u) => u.code) } });
    return { code: a.code, name: a.name, units: (await listUnits(this.ds, a.code)).map((u) => ({ code: u.code, name: u.name })) };
  }

  async createUser(input: UserInput, actor: AuthUser): Promise<AuthUser> {
    await this.checkPlacement(input.agency ?? null, input.units ?? []);
    if (await findUserByUsername(this.ds, input.username)) throw new ApiError(ErrorCode.CONFLICT, `user ${input.username} exists`);
    const { user, created } = await ensureUser(this.ds, { ...input, passwordHash: await hashPassword(input.password) });
    if (!created) throw new ApiError(ErrorCode.CONFLICT, `user ${input.username} exists`);
    await this.audit.record({ actor: actor.username, action: 'user.create', entity: 'user', entityId: user.id, details: { username: user.username, roles: user.roles, agency: user.agency, units: user.units } });
    return toAuthUser(user);
  }

  async updateUser(id: string, changes: Partial<Omit<UserInput, 'username'>> & { active?: boolean }, actor: AuthUser): Promise<AuthUser> {
    const current = await findUserById(this.ds, id);
    if (!current) throw ApiError.notFound(`user ${id}`);
    const agency = changes.agency !== undefined ? changes.agency : current.agency;
    await this.checkPlacement(agency, changes.units ?? (changes.agency !== undefined ? [] : current.units));
    const { password, ...rest } = changes;
    const updated = await updateUser(this.ds, id, { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) });
    await this.audit.record({ actor: actor.username, action: 'user.update', entity: 'user', entityId: id, details: { ...rest, passwordChanged: !!password } });
    return toAuthUser(updated!);
  }

  async changeOwnPassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const row = await findUserById(this.ds, user.id);
    if (!row || !(await verifyPassword(currentPassword, row.passwordHash))) {
      throw new ApiError(ErrorCode.VALIDATION_FAILED, 'the current password is wrong', undefined, 422);
    }
    await updateUser(this.ds, user.id, { passwordHash: await hashPassword(newPassword) });
    await this.audit.record({ actor: user.username, action: 'user.password', entity: 'user', entityId: user.id });
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
