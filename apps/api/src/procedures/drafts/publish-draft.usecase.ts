import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type FormSchema, type PublishResultView } from '@tthc/contracts';
import {
  getForm,
  insertProcedureVersionIn,
  listVersionHistory,
  ProcedureDraftEntity,
  type ProcedureVersionEntity,
} from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { ApiError } from '../../common/errors/api-error';
import { DATA_SOURCE } from '../../common/tokens';
import { DeployBpmnUseCase } from '../../deployments/deploy-bpmn.usecase';
import { draftFormsToPublish } from './draft-forms';
import { DraftAccess } from './draft-access';
import { toVersionEntryView } from './draft-views';

/**
 * Publish = the deployment path itself (compile, TTHC lint errors refuse, agency rules, new
 * engine version when the graph changed, audit entry) + the publication record (exact XML,
 * author, note), in the deployment's transaction. A layout-only change deploys no new engine
 * version but is still recorded as a publication.
 */
@Injectable()
export class PublishDraftUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: DraftAccess,
    private readonly deploy: DeployBpmnUseCase,
  ) {}

  async execute(
    user: AuthUser,
    draftId: string,
    input: { note: string; revision: number },
  ): Promise<PublishResultView> {
    const draft = await this.access.draftFor(user, draftId);
    if (draft.revision !== input.revision) {
      throw new ApiError(
        ErrorCode.DRAFT_CONFLICT,
        `the draft has revision ${draft.revision} (saved by ${draft.updatedBy}); you publish revision ${input.revision}: reload it first`,
        {
          revision: draft.revision,
          updatedBy: draft.updatedBy,
          updatedAt: draft.updatedAt.toISOString(),
        },
      );
    }
    // the current version's forms (shipped processes/forms or an earlier publication) overridden by
    // the ones edited in the draft; the deployment keeps those the tasks name and pins them by hash
    const forms: FormSchema[] = [];
    for (const [formId, hash] of await draftFormsToPublish(this.ds, draft)) {
      const stored = await getForm(this.ds, hash);
      if (stored) forms.push({ ...(stored.schema as FormSchema), id: formId });
    }
    const recorded: ProcedureVersionEntity[] = [];
    const result = await this.deploy.execute(
      draft.xml,
      user,
      `draft:${draft.id}`,
      async (m, processes) => {
        recorded.length = 0;
        for (const p of processes) {
          recorded.push(
            await insertProcedureVersionIn(m, {
              processKey: p.key,
              name: draft.name,
              xml: draft.xml,
              note: input.note,
              author: user.username,
              draftId: draft.id,
              definitionId: p.id,
              definitionVersion: p.version,
            }),
          );
        }
        // the draft goes on from what was just published
        if (processes[0])
          await m.update(ProcedureDraftEntity, { id: draft.id }, { baseVersion: processes[0].version });
      },
      forms,
    );
    const keys = [...new Set(recorded.map((r) => r.processKey))];
    const histories = (await Promise.all(keys.map((k) => listVersionHistory(this.ds, k)))).flat();
    const ids = new Set(recorded.map((r) => r.id));
    return {
      versions: histories.filter((v) => ids.has(v.id)).map(toVersionEntryView),
      warnings: result.warnings,
    };
  }
}
