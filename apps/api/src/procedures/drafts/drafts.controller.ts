import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, type DraftCommentView, type DraftEditorView, type DraftSummaryView, type DraftView, type PublishResultView } from '@tthc/contracts';
import {
  addDraftComment,
  createDraft,
  getDefinition,
  leaveDraft,
  listDraftComments,
  listDrafts,
  saveDraftXml,
  touchDraftEditor,
} from '@tthc/persistence';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { ApiError } from '../../common/errors/api-error';
import { DATA_SOURCE } from '../../common/tokens';
import { parseInput } from '../../common/validation/parse-input.util';
import { DraftAccess } from './draft-access';
import { processHeadOf, toDraftCommentView, toDraftEditorView, toDraftSummaryView, toDraftView } from './draft-views';
import { PublishDraftUseCase } from './publish-draft.usecase';

const MAX_XML = 8 * 1024 * 1024;
const IdParam = z.object({ id: z.string().uuid() });
const CreateBody = z.union([
  z.object({ fromKey: z.string().min(1).max(255), fromVersion: z.number().int().min(1).optional(), name: z.string().min(1).max(500).optional() }).strict(),
  z.object({ xml: z.string().min(1).max(MAX_XML), name: z.string().min(1).max(500).optional() }).strict(),
]);
const SaveBody = z.object({ xml: z.string().min(1).max(MAX_XML), baseRevision: z.number().int().min(1) }).strict();
const PublishBody = z.object({ note: z.string().trim().min(1).max(2000), revision: z.number().int().min(1) }).strict();
const CommentBody = z.object({ body: z.string().trim().min(1).max(4000), elementId: z.string().min(1).max(255).nullish() }).strict();
const ListQuery = z.object({ key: z.string().max(255).optional() });

/**
 * Server-side drafts of the designer (issue 12): create (empty, from XML, or from a deployed
 * version — one open draft per agency and process key), autosave with revision check
 * (409 DRAFT_CONFLICT), who else has it open, comments, publish (= deploy, see PublishDraftUseCase).
 */
@ApiTags('procedure-drafts')
@ApiBearerAuth()
@Roles('analyst', 'admin')
@Controller('procedure-drafts')
export class DraftsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: DraftAccess,
    private readonly publisher: PublishDraftUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "Drafts of the caller's agency (every draft for an admin), newest first; ?key= one process key" })
  async list(@Query() query: unknown, @CurrentUser() user: AuthUser): Promise<{ items: DraftSummaryView[] }> {
    const q = parseInput(ListQuery, query);
    return { items: (await listDrafts(this.ds, { agency: this.access.agencyScope(user), key: q.key })).map(toDraftSummaryView) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a draft from XML or from a deployed version; from a key that already has a draft in your agency: that draft (200)' })
  async create(@Body() body: unknown, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<DraftView> {
    const input = parseInput(CreateBody, body);
    const agency = this.access.agencyScope(user) ?? user.agency ?? null;
    if ('fromKey' in input) {
      const existing = (await listDrafts(this.ds, { agency: this.access.agencyScope(user), key: input.fromKey })).find((d) => d.agency === agency);
      if (existing) {
        res.status(200);
        return toDraftView((await this.access.draftFor(user, existing.id))!);
      }
      const def = await getDefinition(this.ds, input.fromKey, input.fromVersion);
      if (!def) throw ApiError.notFound(`process ${input.fromKey}${input.fromVersion ? ` version ${input.fromVersion}` : ''}`);
      const draft = await createDraft(this.ds, { name: input.name ?? def.name ?? def.key, xml: def.xml, processKey: def.key, agency, baseVersion: def.version, by: user.username });
      return toDraftView(draft);
    }
    const head = processHeadOf(input.xml);
    const draft = await createDraft(this.ds, { name: input.name ?? head.name ?? head.key ?? 'Quy trình mới', xml: input.xml, processKey: head.key, agency, baseVersion: null, by: user.username });
    return toDraftView(draft);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A draft with its XML' })
  async get(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<DraftView> {
    return toDraftView(await this.access.draftFor(user, parseInput(IdParam, params).id));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Autosave: new XML from `baseRevision`; 409 DRAFT_CONFLICT when someone saved in between' })
  async save(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<{ revision: number; updatedAt: string }> {
    const { id } = parseInput(IdParam, params);
    const input = parseInput(SaveBody, body);
    const draft = await this.access.draftFor(user, id);
    const head = processHeadOf(input.xml);
    const result = await saveDraftXml(this.ds, id, {
      xml: input.xml,
      name: head.name ?? draft.name,
      processKey: head.key ?? draft.processKey,
      baseRevision: input.baseRevision,
      by: user.username,
    });
    if (!result) throw ApiError.notFound(`draft ${id}`);
    if (!result.saved) {
      throw new ApiError(ErrorCode.DRAFT_CONFLICT, `${result.current.updatedBy} saved this draft (revision ${result.current.revision}) after the revision you started from (${input.baseRevision})`, {
        revision: result.current.revision,
        updatedBy: result.current.updatedBy,
        updatedAt: result.current.updatedAt.toISOString(),
      });
    }
    await touchDraftEditor(this.ds, id, user.username);
    return { revision: result.revision, updatedAt: result.updatedAt.toISOString() };
  }

  @Post(':id/editors')
  @HttpCode(200)
  @ApiOperation({ summary: 'I have the draft open (call every 30 s): answers who else has it open' })
  async open(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<{ others: DraftEditorView[] }> {
    const draft = await this.access.draftFor(user, parseInput(IdParam, params).id);
    return { others: (await touchDraftEditor(this.ds, draft.id, user.username)).map(toDraftEditorView) };
  }

  @Delete(':id/editors/me')
  @HttpCode(204)
  @ApiOperation({ summary: 'I closed the draft' })
  async close(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<void> {
    const draft = await this.access.draftFor(user, parseInput(IdParam, params).id);
    await leaveDraft(this.ds, draft.id, user.username);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "The draft's comments, oldest first" })
  async comments(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<{ items: DraftCommentView[] }> {
    const draft = await this.access.draftFor(user, parseInput(IdParam, params).id);
    return { items: (await listDraftComments(this.ds, draft.id)).map(toDraftCommentView) };
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on the draft, optionally on one element' })
  async comment(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<DraftCommentView> {
    const draft = await this.access.draftFor(user, parseInput(IdParam, params).id);
    const input = parseInput(CommentBody, body);
    return toDraftCommentView(await addDraftComment(this.ds, { draftId: draft.id, elementId: input.elementId ?? null, author: user.username, body: input.body }));
  }

  @Post(':id/publish')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish the draft at `revision`: TTHC lint clean + deploy (422 BPMN_INVALID with the problems) + version record with the note' })
  publish(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<PublishResultView> {
    return this.publisher.execute(user, parseInput(IdParam, params).id, parseInput(PublishBody, body));
  }
}
