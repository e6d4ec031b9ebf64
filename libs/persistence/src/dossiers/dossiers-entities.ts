import { ProcedureEntity } from '../procedures/procedure.entity';
import { DossiersSchema1764500000000 } from './1764500000000-dossiers-schema';
import { DossierCodeSequenceEntity } from './dossier-code-sequence.entity';
import { DossierComponentEntity } from './dossier-component.entity';
import { DossierEventEntity } from './dossier-event.entity';
import { DossierProgressEntity } from './dossier-progress.entity';
import { DossierSyncOutboxEntity } from './dossier-sync-outbox.entity';
import { DossierEntity } from './dossier.entity';

/** Appended to ENTITIES / MIGRATIONS (see docs/dossiers.md). */
export const DOSSIER_ENTITIES = [
  ProcedureEntity,
  DossierEntity,
  DossierComponentEntity,
  DossierEventEntity,
  DossierProgressEntity,
  DossierSyncOutboxEntity,
  DossierCodeSequenceEntity,
];
export const DOSSIER_MIGRATIONS = [DossiersSchema1764500000000];
