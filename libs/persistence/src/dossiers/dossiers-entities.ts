import { ProcedureEntity } from '../procedures/procedure.entity';
import { DossiersSchema1764500000000 } from './1764500000000-dossiers-schema';
import { DossierEventKeys1764700000000 } from './1764700000000-dossier-event-keys';
import { DossierChainCheckpointEntity, DossierCheckpointHeadEntity } from './dossier-chain-checkpoint.entity';
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
  DossierChainCheckpointEntity,
  DossierCheckpointHeadEntity,
];
export const DOSSIER_MIGRATIONS = [DossiersSchema1764500000000];
/** after the audit head (1764600000000): listed at the end of MIGRATIONS */
export const DOSSIER_CHAIN_MIGRATIONS = [DossierEventKeys1764700000000];
