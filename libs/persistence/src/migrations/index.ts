import { CALENDAR_MIGRATIONS } from '../calendar/calendar-entities';
import { DOCUMENT_MIGRATIONS } from '../documents/documents-entities';
import { DOSSIER_CHAIN_MIGRATIONS, DOSSIER_MIGRATIONS } from '../dossiers/dossiers-entities';
import { DOSSIER_STEP_MIGRATIONS } from '../dossier-steps';
import { SavedFilters1764731200000 } from '../tasks/1764731200000-saved-filters';
import { SIGNATURE_SESSION_MIGRATIONS } from '../signature-sessions';
import { DESIGN_MIGRATIONS } from '../designs';
import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { ElementHistorySeq1763950000000 } from './1763950000000-element-history-seq';
import { InboxIndex1764000000000 } from './1764000000000-inbox-index';
import { InstanceIncidents1764100000000 } from './1764100000000-instance-incidents';
import { TaskCompletingSince1764200000000 } from './1764200000000-task-completing-since';
import { AuditHeadCheckpoints1764600000000 } from '../audit/1764600000000-audit-head-checkpoints';
import { UserTokenVersion1764610000000 } from '../identity/1764610000000-user-token-version';
import { ProcedureCatalogStatus1764710000000 } from '../procedures/1764710000000-procedure-catalog-status';
import { DossierApologyRequired1764713000000 } from '../dossiers/1764713000000-dossier-apology-required';
import { UserTitle1764713100000 } from '../identity/1764713100000-user-title';
import { DraftForms1764740000000 } from '../designs/1764740000000-draft-forms';

/** Every migration, oldest first. Add new ones at the end; never edit a released one. */
export const MIGRATIONS = [InitialSchema1763800000000, ...CALENDAR_MIGRATIONS, ElementHistorySeq1763950000000, InboxIndex1764000000000, InstanceIncidents1764100000000, TaskCompletingSince1764200000000, ...DOCUMENT_MIGRATIONS, ...DOSSIER_MIGRATIONS, AuditHeadCheckpoints1764600000000, UserTokenVersion1764610000000, ...DOSSIER_STEP_MIGRATIONS, ...DOSSIER_CHAIN_MIGRATIONS, ProcedureCatalogStatus1764710000000, ...SIGNATURE_SESSION_MIGRATIONS, ...DESIGN_MIGRATIONS, DossierApologyRequired1764713000000, UserTitle1764713100000, SavedFilters1764731200000, DraftForms1764740000000];
