import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { INBOX_VIEWS, type DossierStatus } from '@tthc/contracts';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { SavedFiltersService } from './saved-filters.service';

const Filter = z
  .object({
    view: z.enum(INBOX_VIEWS).optional(),
    procedure: z.string().regex(/^\d\.\d{6}$/).optional(),
    code: z.string().trim().min(1).max(64).optional(),
    applicant: z.string().trim().min(1).max(255).optional(),
    status: z.array(z.number().int().min(1).max(10).transform((n) => n as DossierStatus)).max(10).optional(),
    dueFrom: z.iso.datetime({ offset: true }).optional(),
    dueTo: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
const Name = z.string().trim().min(1).max(100);
const Unit = z.string().trim().min(1).max(64).nullable();
const CreateBody = z.object({ name: Name, filter: Filter, sharedWithUnit: Unit.default(null) });
const PatchBody = z.object({ name: Name.optional(), filter: Filter.optional(), sharedWithUnit: Unit.optional() });
const IdParam = z.object({ id: z.string().min(1).max(64) });

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('task-filters')
export class SavedFiltersController {
  constructor(private readonly filters: SavedFiltersService) {}

  @Get()
  @ApiOperation({ summary: 'Saved inbox filters: my own and those shared with one of my units' })
  list(@CurrentUser() user: AuthUser) {
    return this.filters.list(user);
  }

  @Post()
  @ApiOperation({ summary: 'Save an inbox filter, private or shared with one of my units (sharedWithUnit)' })
  create(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.filters.create(parseInput(CreateBody, body ?? {}), user);
  }

  @Get(':id')
  get(@Param() params: unknown, @CurrentUser() user: AuthUser) {
    return this.filters.get(parseInput(IdParam, params).id, user);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, change or (un)share a saved filter (its owner only)' })
  update(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.filters.update(parseInput(IdParam, params).id, parseInput(PatchBody, body ?? {}), user);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<void> {
    await this.filters.remove(parseInput(IdParam, params).id, user);
  }
}
