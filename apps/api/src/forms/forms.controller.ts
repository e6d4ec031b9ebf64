import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { formKeyOf, hashOfFormKey, type FormView } from '@tthc/contracts';
import { getForm, saveForm } from '@tthc/persistence';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { parseInput } from '../common/validation/parse-input.util';

/** a form-js schema: an object with a `components` array (form-js checks the rest when it renders) */
const SchemaBody = z
  .object({
    schema: z
      .object({ type: z.literal('default'), components: z.array(z.record(z.string(), z.unknown())).max(500) })
      .passthrough()
      .refine((s) => JSON.stringify(s).length <= 512 * 1024, 'the form schema is larger than 512 KiB'),
  })
  .strict();

/**
 * Task forms (issue 12 item 4): form-js schemas stored content-addressed; a user task pins one
 * with `tthc:formKey="sha256:<hash>"`, so a running dossier always renders the form its version
 * named. Reading is open to every signed-in user (officers render it); saving to analysts/admins.
 */
@ApiTags('forms')
@ApiBearerAuth()
@Controller('forms')
export class FormsController {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  @Post()
  @Roles('analyst', 'admin')
  @ApiOperation({ summary: 'Store a form-js schema; answers its hash and the formKey to put on the user task (201 new, 200 already stored)' })
  async save(@Body() body: unknown, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<FormView> {
    const { schema } = parseInput(SchemaBody, body);
    const saved = await saveForm(this.ds, schema, user.username);
    res.status(saved.created ? 201 : 200);
    return { hash: saved.hash, formKey: formKeyOf(saved.hash), schema, createdAt: saved.createdAt.toISOString() };
  }

  @Get(':formKey')
  @ApiOperation({ summary: 'A stored form by its formKey (`sha256:<hex>`)' })
  async get(@Param('formKey') formKey: string): Promise<FormView> {
    const hash = hashOfFormKey(formKey);
    if (!hash) throw ApiError.badRequest('a formKey looks like sha256:<64 hex digits>');
    const form = await getForm(this.ds, hash);
    if (!form) throw ApiError.notFound(`form ${formKey}`);
    return { hash, formKey: formKeyOf(hash), schema: form.schema, createdAt: form.createdAt.toISOString() };
  }
}
