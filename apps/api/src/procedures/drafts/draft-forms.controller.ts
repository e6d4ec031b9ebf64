import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, type FormSchema, type TaskFormView } from '@tthc/contracts';
import { getForm, saveForm, setDraftForm } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { ApiError } from '../../common/errors/api-error';
import { DATA_SOURCE } from '../../common/tokens';
import { parseInput } from '../../common/validation/parse-input.util';
import { DraftAccess } from './draft-access';
import { draftFormsToPublish } from './draft-forms';

const Params = z.object({ id: z.string().uuid(), formId: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, 'a form id: letters, digits, _ . -') });
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
 * The forms of a draft, by the stable id a task names (`tthc:formKey="<formId>"`): the one
 * edited in the draft, else the one the procedure's current version pins (shipped forms
 * included). Saving stores the schema content-addressed and makes it the draft's form; the
 * publication pins it in the new version (docs/procedures.md "Forms").
 */
@ApiTags('procedure-drafts')
@ApiBearerAuth()
@Roles('analyst', 'admin')
@Controller('procedure-drafts')
export class DraftFormsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: DraftAccess,
  ) {}

  @Get(':id/forms/:formId')
  @ApiOperation({ summary: "The draft's form `formId`: edited in the draft, else the current version's; 404 FORM_NOT_FOUND" })
  async get(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<TaskFormView> {
    const { id, formId } = parseInput(Params, params);
    const draft = await this.access.draftFor(user, id);
    const sha256 = (await draftFormsToPublish(this.ds, draft)).get(formId);
    const form = sha256 ? await getForm(this.ds, sha256) : null;
    if (!sha256 || !form) throw new ApiError(ErrorCode.FORM_NOT_FOUND, `the draft has no form "${formId}" (nor does the version it comes from)`, { formKey: formId });
    return { formKey: formId, sha256, schema: form.schema as FormSchema };
  }

  @Put(':id/forms/:formId')
  @ApiOperation({ summary: "Save the draft's form `formId` (its `id` becomes formId); published with the draft" })
  async save(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<TaskFormView> {
    const { id, formId } = parseInput(Params, params);
    const { schema } = parseInput(SchemaBody, body);
    const draft = await this.access.draftFor(user, id);
    const named = { ...schema, id: formId } as FormSchema;
    const saved = await saveForm(this.ds, named, user.username);
    await setDraftForm(this.ds, draft.id, formId, saved.hash, user.username);
    return { formKey: formId, sha256: saved.hash, schema: named };
  }
}
