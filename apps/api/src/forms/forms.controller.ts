import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, formKeyOf, hashOfFormKey, type FormSchema, type FormView, type TaskFormView } from '@tthc/contracts';
import { getForm, inTransaction, saveForm, setDraftForm } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { parseInput } from '../common/validation/parse-input.util';
import { ProcessAccess } from '../deployments/process-access';
import { DraftAccess } from '../procedures/drafts/draft-access';
import { draftFormsToPublish } from '../procedures/drafts/draft-forms';

const FORM_ID = /^[A-Za-z0-9_.-]{1,255}$/;
const DraftParams = z.object({ id: z.string().uuid(), formId: z.string().regex(FORM_ID, 'a form id: letters, digits, _ . -') });
/** reading also accepts `sha256:<hex>`: the key of a form an earlier editor pinned by its hash */
const DraftReadParams = DraftParams.extend({ formId: z.string().refine((v) => FORM_ID.test(v) || hashOfFormKey(v) !== null, 'a form id (letters, digits, _ . -) or sha256:<64 hex digits>') });
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
 * Task forms, one mechanism (issues 11/12): a user task names its form by a stable id
 * (`tthc:formKey="<id>"`); a version pins each id to the stored schema's content hash
 * (`graph.forms`), so a running dossier renders the form it started with. The designer edits a
 * form inside a draft, by id: it opens the draft's form, else the one the procedure's current
 * version pins (the shipped `processes/forms` included), and the publication pins the edit.
 * `sha256:<hex>` keys (tasks pinned by an earlier editor) are still read.
 */
@ApiTags('forms')
@ApiBearerAuth()
@Controller()
export class FormsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: DraftAccess,
    private readonly processes: ProcessAccess,
  ) {}

  @Get('forms/:formKey')
  @Roles('analyst', 'admin', 'auditor')
  @ApiOperation({ summary: 'A stored form by its content key (`sha256:<hex>`), if a process version or draft the caller may read uses it (else 404)' })
  async byHash(@Param('formKey') formKey: string, @CurrentUser() user: AuthUser): Promise<FormView> {
    const hash = hashOfFormKey(formKey);
    if (!hash) throw ApiError.badRequest('a formKey looks like sha256:<64 hex digits>');
    await this.processes.assertFormReadable(user, hash, `form ${formKey}`);
    const form = await getForm(this.ds, hash);
    if (!form) throw ApiError.notFound(`form ${formKey}`);
    return { hash, formKey: formKeyOf(hash), schema: form.schema, createdAt: form.createdAt.toISOString() };
  }

  @Get('procedure-drafts/:id/forms/:formId')
  @Roles('analyst', 'admin')
  @ApiOperation({ summary: "The draft's form `formId`: edited in the draft, else the current version's (or a `sha256:` key's); 404 FORM_NOT_FOUND" })
  async ofDraft(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<TaskFormView> {
    const { id, formId } = parseInput(DraftReadParams, params);
    const draft = await this.access.draftFor(user, id);
    const sha256 = hashOfFormKey(formId) ?? (await draftFormsToPublish(this.ds, draft)).get(formId);
    const form = sha256 ? await getForm(this.ds, sha256) : null;
    if (!sha256 || !form) throw new ApiError(ErrorCode.FORM_NOT_FOUND, `the draft has no form "${formId}" (nor does the version it comes from)`, { formKey: formId });
    return { formKey: formId, sha256, schema: form.schema as FormSchema };
  }

  @Put('procedure-drafts/:id/forms/:formId')
  @Roles('analyst', 'admin')
  @ApiOperation({ summary: "Save the draft's form `formId` (its `id` becomes formId), stored by content hash; published with the draft" })
  async saveInDraft(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<TaskFormView> {
    const { id, formId } = parseInput(DraftParams, params);
    const { schema } = parseInput(SchemaBody, body);
    const draft = await this.access.draftFor(user, id);
    const named = { ...schema, id: formId } as FormSchema;
    const sha256 = await inTransaction(this.ds, async (m) => {
      const saved = await saveForm(m, named, user.username);
      await setDraftForm(m, draft.id, formId, saved.hash, user.username);
      return saved.hash;
    });
    return { formKey: formId, sha256, schema: named };
  }
}
