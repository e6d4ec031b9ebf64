import type { Provider } from '@nestjs/common';
import { FormsController } from '../../forms/forms.controller';
import { DraftAccess } from './draft-access';
import { DraftsController } from './drafts.controller';
import { ProcedureVersionsController } from './procedure-versions.controller';
import { PublishDraftUseCase } from './publish-draft.usecase';

/** Spread into AppModule's `controllers` / `providers` (issue 12: the designer's drafts, versions, forms). */
export const DESIGN_CONTROLLERS = [DraftsController, ProcedureVersionsController, FormsController];
export const DESIGN_PROVIDERS: Provider[] = [DraftAccess, PublishDraftUseCase];
