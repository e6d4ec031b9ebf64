import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listAgencies, listUnits, ROLES, UserEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { DATA_SOURCE } from '../common/tokens';
import { parseInput } from '../common/validation/parse-input.util';
import { UsersService } from './users.service';

const Code = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -');
const Password = z.string().min(8).max(256);
const AgencyBody = z.object({
  code: Code,
  name: z.string().min(1).max(255),
  units: z.array(z.object({ code: Code, name: z.string().min(1).max(255) })).default([]),
});
const UserBody = z.object({
  username: z.string().regex(/^[A-Za-z0-9._-]{2,64}$/, 'letters, digits, ., _ or -'),
  fullName: z.string().min(1).max(255),
  password: Password,
  roles: z.array(z.enum(ROLES)).min(1),
  agency: Code.nullable().optional(),
  units: z.array(Code).default([]),
  groups: z.array(z.string().min(1).max(128)).default([]),
  /** chức danh (ChucDanh of the national progress records), e.g. "Chuyên viên" */
  title: z.string().trim().min(1).max(128).nullable().optional(),
});
// no defaults here: zod 4 applies a default inside .partial(), so `{active:false}` would wipe units and groups
const UserPatch = z
  .object({
    fullName: z.string().min(1).max(255),
    password: Password,
    roles: z.array(z.enum(ROLES)).min(1),
    agency: Code.nullable(),
    units: z.array(Code),
    groups: z.array(z.string().min(1).max(128)),
    active: z.boolean(),
    title: z.string().trim().min(1).max(128).nullable(),
  })
  .partial();
const IdParam = z.object({ id: z.string().uuid() });

/** Read-only directory: agencies with their units (everyone), users (admin). */
@ApiTags('identity')
@ApiBearerAuth()
@Controller()
export class DirectoryController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly admin: UsersService,
  ) {}

  @Get('agencies')
  @ApiOperation({ summary: 'Agencies (cơ quan) with their units (phòng ban)' })
  async agencies() {
    const [agencies, units] = await Promise.all([listAgencies(this.ds), listUnits(this.ds)]);
    return {
      items: agencies.map((a) => ({
        code: a.code,
        name: a.name,
        units: units.filter((u) => u.agency === a.code).map((u) => ({ code: u.code, name: u.name })),
      })),
    };
  }

  @Get('users')
  @Roles('admin')
  @ApiOperation({ summary: 'Users (admin only); never password hashes' })
  async users() {
    const users = await this.ds.getRepository(UserEntity).find({ order: { username: 'ASC' } });
    return {
      items: users.map((u) => ({ id: u.id, username: u.username, fullName: u.fullName, roles: u.roles, agency: u.agency, units: u.units, groups: u.groups, title: u.title, active: u.active })),
    };
  }

  @Post('agencies')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Create or rename an agency and its units (admin)' })
  saveAgency(@Body() body: unknown, @CurrentUser() actor: AuthUser) {
    return this.admin.saveAgency(parseInput(AgencyBody, body), actor);
  }

  @Post('users')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user (admin); 409 when the username exists' })
  createUser(@Body() body: unknown, @CurrentUser() actor: AuthUser) {
    return this.admin.createUser(parseInput(UserBody, body), actor);
  }

  @Patch('users/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change roles, agency, units, groups, password or active flag (admin)' })
  updateUser(@Param() params: unknown, @Body() body: unknown, @CurrentUser() actor: AuthUser) {
    return this.admin.updateUser(parseInput(IdParam, params).id, parseInput(UserPatch, body), actor);
  }
}
