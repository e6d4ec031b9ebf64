import type { CloseUserTaskInput, CreateUserTaskInput } from '@tthc/contracts';
import { Brackets, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { decodeCursor, toPage, type Page } from '../common/keyset-cursor.util';
import { insertRow } from '../common/insert-row.util';
import { inTransaction } from '../common/transaction.util';
import { TaskCandidateEntity } from './task-candidate.entity';
import { TaskEntity, type TaskState } from './task.entity';

/**
 * Writes the inbox row of a user task. Idempotent on `taskId`: a retried activity (or
 * a replayed workflow) never creates a second row nor reopens a closed task.
 * Returns true when this call created the row.
 */
export async function createUserTask(ds: DataSource, input: CreateUserTaskInput): Promise<boolean> {
  const groups = [...new Set(input.candidateGroups ?? [])];
  return inTransaction(ds, async (m) => {
    if (await m.getRepository(TaskEntity).existsBy({ id: input.taskId })) return false;
    await m
      .createQueryBuilder()
      .insert()
      .into(TaskEntity)
      .values(insertRow<TaskEntity>({
        id: input.taskId,
        instanceId: input.instanceId,
        processKey: input.processKey,
        version: input.version,
        businessKey: input.businessKey ?? null,
        elementId: input.elementId,
        elementInstanceId: input.elementInstanceId,
        name: input.name ?? null,
        step: input.step ?? null,
        formKey: input.formKey ?? null,
        assignee: input.assignee ?? null,
        candidateGroups: groups,
        agency: input.agency ?? null,
        state: 'OPEN',
        dueAt: input.dueAt ? new Date(input.dueAt) : null,
        createdAt: new Date(input.createdAt),
        claimedAt: null,
        completedAt: null,
        completedBy: null,
        variables: input.variables ?? {},
      }))
      .orIgnore()
      .execute();
    if (groups.length > 0) {
      await m
        .createQueryBuilder()
        .insert()
        .into(TaskCandidateEntity)
        .values(groups.map((groupName) => ({ taskId: input.taskId, groupName })))
        .orIgnore()
        .execute();
    }
    return true;
  });
}

/** Closes a task (COMPLETED or CANCELED) unless it is already closed. Idempotent. */
export async function closeUserTask(ds: DataSource, input: CloseUserTaskInput): Promise<boolean> {
  return inTransaction(ds, async (m) => {
    const res = await m
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ state: input.state, completedAt: new Date(input.at), completedBy: input.by ?? null })
      .where('id = :id', { id: input.taskId })
      .andWhere('state IN (:...open)', { open: ['OPEN', 'COMPLETING'] })
      .execute();
    return (res.affected ?? 0) > 0;
  });
}

export async function getTask(ds: DataSource, id: string): Promise<TaskEntity | null> {
  return ds.getRepository(TaskEntity).findOneBy({ id });
}

/** Who is looking: restricts rows to the viewer's agency and groups. */
export interface TaskViewer {
  username: string;
  agency: string | null;
  /** unit codes, roles and extra groups of the viewer */
  groups: string[];
}

export interface TaskQuery {
  /** absent: no visibility restriction (admin, auditor) */
  viewer?: TaskViewer;
  /** me: assigned to `me`; group: a candidate group of `groups`; unassigned: nobody claimed it */
  assigned?: 'me' | 'group' | 'unassigned';
  me?: string;
  groups?: string[];
  states?: TaskState[];
  dueBefore?: Date;
  instanceId?: string;
  processKey?: string;
  cursor?: string;
  limit: number;
}

/** Inbox list, oldest first, keyset-paged on (created_at, id). */
export async function listTasks(ds: DataSource, q: TaskQuery): Promise<Page<TaskEntity>> {
  const qb = ds.getRepository(TaskEntity).createQueryBuilder('t');
  if (q.states?.length) qb.andWhere('t.state IN (:...states)', { states: q.states });
  if (q.instanceId) qb.andWhere('t.instance_id = :instanceId', { instanceId: q.instanceId });
  if (q.processKey) qb.andWhere('t.process_key = :processKey', { processKey: q.processKey });
  if (q.dueBefore) qb.andWhere('t.due_at < :dueBefore', { dueBefore: q.dueBefore });
  if (q.viewer) restrictToViewer(qb, q.viewer);
  if (q.assigned === 'me') qb.andWhere('t.assignee = :me', { me: q.me ?? q.viewer?.username ?? '' });
  if (q.assigned === 'unassigned') qb.andWhere('t.assignee IS NULL');
  if (q.assigned === 'group') {
    const groups = q.groups ?? q.viewer?.groups ?? [];
    if (groups.length === 0) qb.andWhere('1 = 0');
    else qb.andWhere(...candidateIn('ag', groups));
  }
  if (q.cursor) {
    const pos = decodeCursor(q.cursor);
    qb.andWhere('(t.created_at > :cAt OR (t.created_at = :cAt AND t.id > :cId))', { cAt: pos.at, cId: pos.id });
  }
  qb.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC').limit(q.limit + 1);
  const rows = await qb.getMany();
  return toPage(rows, q.limit, (t) => ({ at: t.createdAt, id: t.id }));
}

function candidateIn(alias: string, groups: string[]): [string, Record<string, unknown>] {
  return [
    `EXISTS (SELECT 1 FROM task_candidates ${alias} WHERE ${alias}.task_id = t.id AND ${alias}.group_name IN (:...${alias}Groups))`,
    { [`${alias}Groups`]: groups },
  ];
}

/**
 * Visibility: tasks of the viewer's agency (or of no agency) that are assigned to the
 * viewer, offered to one of the viewer's groups, or offered to nobody in particular.
 */
export function restrictToViewer(qb: SelectQueryBuilder<TaskEntity>, viewer: TaskViewer): void {
  if (viewer.agency) qb.andWhere('(t.agency_code = :vAgency OR t.agency_code IS NULL)', { vAgency: viewer.agency });
  else qb.andWhere('t.agency_code IS NULL');
  qb.andWhere(
    new Brackets((w) => {
      w.where('t.assignee = :vUser', { vUser: viewer.username });
      if (viewer.groups.length > 0) w.orWhere(...candidateIn('vg', viewer.groups));
      w.orWhere(
        new Brackets((n) => {
          n.where('t.assignee IS NULL').andWhere('NOT EXISTS (SELECT 1 FROM task_candidates nc WHERE nc.task_id = t.id)');
        }),
      );
    }),
  );
}

/** Same rule as `restrictToViewer`, for one loaded task (permission checks). */
export function isTaskVisibleTo(task: TaskEntity, viewer: TaskViewer): boolean {
  if (task.agency && task.agency !== viewer.agency) return false;
  if (task.assignee === viewer.username) return true;
  if (task.candidateGroups.some((g) => viewer.groups.includes(g))) return true;
  return task.assignee === null && task.candidateGroups.length === 0;
}

export type TransitionOutcome = 'ok' | 'not-found' | 'conflict';

/** OPEN and unclaimed (or already mine) → claimed by `username`. */
export async function claimTask(ds: DataSource, id: string, username: string, at = new Date()): Promise<TransitionOutcome> {
  return conditional(ds, id, (qb) =>
    qb
      .set({ assignee: username, claimedAt: at })
      .andWhere("state = 'OPEN'")
      .andWhere('(assignee IS NULL OR assignee = :u)', { u: username }),
  );
}

/** OPEN and claimed → unclaimed. `onlyBy` restricts to the current assignee. */
export async function unclaimTask(ds: DataSource, id: string, onlyBy?: string): Promise<TransitionOutcome> {
  return conditional(ds, id, (qb) => {
    qb.set({ assignee: null, claimedAt: null }).andWhere("state = 'OPEN'");
    if (onlyBy) qb.andWhere('assignee = :u', { u: onlyBy });
    return qb;
  });
}

/**
 * OPEN → COMPLETING, as one conditional UPDATE: of two concurrent completions exactly
 * one sees `ok`, the other `conflict`.
 */
export async function beginTaskCompletion(ds: DataSource, id: string): Promise<TransitionOutcome> {
  return conditional(ds, id, (qb) => qb.set({ state: 'COMPLETING' }).andWhere("state = 'OPEN'"));
}

/** COMPLETING → OPEN (the workflow refused the completion). */
export async function revertTaskCompletion(ds: DataSource, id: string): Promise<TransitionOutcome> {
  return conditional(ds, id, (qb) => qb.set({ state: 'OPEN' }).andWhere("state = 'COMPLETING'"));
}

/** COMPLETING/OPEN → COMPLETED with who/when/variables (the workflow accepted it). */
export async function finishTaskCompletion(
  ds: DataSource,
  id: string,
  by: string,
  variables: Record<string, unknown> | undefined,
  at = new Date(),
): Promise<TransitionOutcome> {
  return conditional(ds, id, (qb) => {
    const set: Partial<TaskEntity> = { state: 'COMPLETED', completedAt: at, completedBy: by };
    if (variables) set.variables = variables;
    return qb.set(set).andWhere('state IN (:...s)', { s: ['OPEN', 'COMPLETING'] });
  });
}

type UpdateQb = ReturnType<ReturnType<ReturnType<DataSource['createQueryBuilder']>['update']>['set']>;

async function conditional(ds: DataSource, id: string, build: (qb: UpdateQb) => UpdateQb): Promise<TransitionOutcome> {
  return inTransaction(ds, async (m) => {
    const qb = m.createQueryBuilder().update(TaskEntity).set({}).where('id = :id', { id });
    const res = await build(qb).execute();
    if ((res.affected ?? 0) > 0) return 'ok';
    const exists = await m.getRepository(TaskEntity).existsBy({ id });
    return exists ? 'conflict' : 'not-found';
  });
}
