import { AuditCheckpointEntity } from './audit/audit-checkpoint.entity';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { AuditHeadEntity } from './audit/audit-head.entity';
import { CALENDAR_ENTITIES } from './calendar/calendar-entities';
import { DOCUMENT_ENTITIES } from './documents/documents-entities';
import { DOSSIER_ENTITIES } from './dossiers/dossiers-entities';
import { DOSSIER_STEP_ENTITIES } from './dossier-steps';
import { SIGNATURE_SESSION_ENTITIES } from './signature-sessions';
import { DESIGN_ENTITIES } from './designs';
import { ProcessDefinitionEntity } from './definitions/process-definition.entity';
import { AgencyEntity } from './identity/agency.entity';
import { UnitEntity } from './identity/unit.entity';
import { UserEntity } from './identity/user.entity';
import { ElementHistoryEntity } from './instances/element-history.entity';
import { ProcessInstanceEntity } from './instances/process-instance.entity';
import { TaskCandidateEntity } from './tasks/task-candidate.entity';
import { TaskEntity } from './tasks/task.entity';
import { SavedFilterEntity } from './tasks/saved-filter.entity';

export const ENTITIES = [
  AgencyEntity,
  UnitEntity,
  UserEntity,
  ProcessDefinitionEntity,
  ProcessInstanceEntity,
  ElementHistoryEntity,
  TaskEntity,
  TaskCandidateEntity,
  AuditEntryEntity,
  AuditHeadEntity,
  AuditCheckpointEntity,
  ...CALENDAR_ENTITIES,
  ...DOCUMENT_ENTITIES,
  ...DOSSIER_ENTITIES,
  ...DOSSIER_STEP_ENTITIES,
  SavedFilterEntity,
  ...SIGNATURE_SESSION_ENTITIES,
  ...DESIGN_ENTITIES,
];
