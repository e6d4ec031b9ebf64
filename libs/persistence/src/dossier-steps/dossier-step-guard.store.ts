import type { EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { DossierNotFoundError } from '../dossiers/dossier-errors';
import { DossierEntity } from '../dossiers/dossier.entity';
import { AgencyEntity } from '../identity/agency.entity';
import { UnitEntity } from '../identity/unit.entity';
import { UserEntity } from '../identity/user.entity';
import { TaskEntity } from '../tasks/task.entity';
import { DossierStepGuardEntity } from './dossier-step-guard.entity';

/** What a step guard reads first, in its transaction. */
export interface StepGuardOpening {
  /** the dossier row, locked until the transaction ends (PostgreSQL: FOR UPDATE) */
  dossier: DossierEntity;
  /** the completion already recorded for the task (a retried or duplicate guard), if any */
  done: DossierStepGuardEntity | null;
  /** the task's due date (the hand-over's early / on time / late), null when it has none or is unknown */
  taskDueAt: Date | null;
  /** the acting officer's user row, the dossier's agency and its receiving unit (null: no such row) */
  user: UserEntity | null;
  agency: AgencyEntity | null;
  receivingUnit: UnitEntity | null;
}

/**
 * The step guard's opening read in ONE round trip (W2, session 9: was six — the recorded completion, the
 * locked dossier row, the acting officer, the agency, the receiving unit, the task's due date): the dossier
 * locked `FOR UPDATE OF` its own row only, the rest joined to it by their keys. Throws DossierNotFoundError
 * for an unknown dossier.
 */
export async function openStepGuard(m: EntityManager, dossierId: string, taskId: string, username: string): Promise<StepGuardOpening> {
  const qb = m
    .getRepository(DossierEntity)
    .createQueryBuilder('d')
    .leftJoinAndMapOne('d.openingDone', DossierStepGuardEntity, 'g', 'g.taskId = :taskId', { taskId })
    .leftJoinAndMapOne('d.openingTask', TaskEntity, 't', 't.id = :taskId', { taskId })
    .leftJoinAndMapOne('d.openingUser', UserEntity, 'usr', 'usr.username = :username', { username })
    .leftJoinAndMapOne('d.openingAgency', AgencyEntity, 'ag', 'ag.code = d.agency')
    .leftJoinAndMapOne('d.openingUnit', UnitEntity, 'un', 'un.agency = d.agency AND un.code = d.receivingUnit')
    .where('d.id = :id', { id: dossierId });
  if (m.connection.options.type === 'postgres') qb.setLock('pessimistic_write', undefined, ['d']);
  type Opened = DossierEntity & { openingDone?: DossierStepGuardEntity; openingTask?: TaskEntity; openingUser?: UserEntity; openingAgency?: AgencyEntity; openingUnit?: UnitEntity };
  const row = (await qb.getOne()) as Opened | null;
  if (!row) throw new DossierNotFoundError(dossierId);
  const { openingDone, openingTask, openingUser, openingAgency, openingUnit, ...columns } = row;
  return {
    dossier: Object.assign(new DossierEntity(), columns),
    done: openingDone ?? null,
    taskDueAt: openingTask?.dueAt ?? null,
    user: openingUser ?? null,
    agency: openingAgency ?? null,
    receivingUnit: openingUnit ?? null,
  };
}

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
