import { FormEntity } from '../forms/form.entity';
import { DesignerSchema1764712000000 } from './1764712000000-designer-schema';
import { DraftCommentEntity } from './draft-comment.entity';
import { DraftEditorEntity } from './draft-editor.entity';
import { DraftFormEntity } from './draft-form.entity';
import { DraftForms1764740000000 } from './1764740000000-draft-forms';
import { ProcedureDraftEntity } from './procedure-draft.entity';
import { ProcedureVersionEntity } from './procedure-version.entity';

export { ProcedureDraftEntity } from './procedure-draft.entity';
export { DraftEditorEntity } from './draft-editor.entity';
export { DraftCommentEntity } from './draft-comment.entity';
export { DraftFormEntity } from './draft-form.entity';
export { ProcedureVersionEntity } from './procedure-version.entity';
export { FormEntity } from '../forms/form.entity';
export * from './draft.store';
export * from './procedure-version.store';
export * from './draft-form.store';
export * from '../forms/form.store';

/** Appended to ENTITIES / MIGRATIONS (issue 12: the designer's drafts, versions, forms). */
export const DESIGN_ENTITIES = [ProcedureDraftEntity, DraftEditorEntity, DraftCommentEntity, ProcedureVersionEntity, FormEntity, DraftFormEntity];
export const DESIGN_MIGRATIONS = [DesignerSchema1764712000000];
