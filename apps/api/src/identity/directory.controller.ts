import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listAgencies, listUnits, UserEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { Roles } from '../common/auth/auth.decorators';
import { DATA_SOURCE } from '../common/tokens';

/** Read-only directory: agencies with their units (everyone), users (admin). */
@ApiTags('identity')
@ApiBearerAuth()
@Controller()
export class DirectoryController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

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
      items: users.map((u) => ({ id: u.id, username: u.username, fullName: u.fullName, roles: u.roles, agency: u.agency, units: u.units, groups: u.groups, active: u.active })),
    };
  }
}
