import type { EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { DossierStepGuardEntity } from './dossier-step-guard.entity';

/** The recorded completion of a guarded task, if any (read inside the guard's transaction). */
export async function findStepGuard(m: EntityManager, taskId: string): Promise<DossierStepGuardEntity | null> {
  return m.getRepository(DossierStepGuardEntity).findOneBy({ taskId });
}

/** Records a guarded completion; a second insert of the same task id fails (primary key). */
export async function recordStepGuard(m: EntityManager, row: DossierStepGuardEntity): Promise<void> {
  await m.getRepository(DossierStepGuardEntity).insert(insertRow(row));
}

/** How many guarded completions of a step a dossier has (e.g. apologies, supplements). */
export async function countStepGuards(m: EntityManager, dossierId: string, step: string): Promise<number> {
  return m.getRepository(DossierStepGuardEntity).countBy({ dossierId, step });
}
