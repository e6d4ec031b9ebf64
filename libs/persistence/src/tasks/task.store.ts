import type { CloseUserTaskInput, CreateUserTaskInput } from '@tthc/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { appendAuditEntriesIn, appendAuditIn, lockAuditChainIn } from '../audit/audit.store';
import { insertRow } from '../common/insert-row.util';
import { PgStatement } from '../common/pg-statement';
import { inTransaction } from '../common/transaction.util';
import { ProcessInstanceEntity } from '../instances/process-instance.entity';
import { ANYONE_GROUP, TaskCandidateEntity } from './task-candidate.entity';
import { TaskEntity } from './task.entity';

/**
 * Writes the inbox row of a user task. Idempotent on `taskId`: a retried activity (or
 * a replayed workflow) never creates a second row nor reopens a closed task.
 * Returns true when this call created the row.
 */
export async function createUserTask(ds: DataSource, input: CreateUserTaskInput): Promise<boolean> {
  return inTransaction(ds, (m) => createUserTaskIn(m, input));
}

/** createUserTask inside the caller's transaction (a hand-off writes it with the progress: recordProgress) */
export async function createUserTaskIn(m: EntityManager, input: CreateUserTaskInput): Promise<boolean> {
  const groups = [...new Set(input.candidateGroups ?? [])];
  const row: TaskEntity = {
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
    completingSince: null,
    dossierId: input.dossierId ?? null,
  };
  const offeredTo = groups.length > 0 ? groups : input.assignee ? [] : [ANYONE_GROUP];
  const common = { taskId: input.taskId, agency: input.agency ?? '', createdAt: new Date(input.createdAt), isOpen: 1 };
  const candidates = offeredTo.map((groupName) => ({ ...common, groupName }));
  if (m.connection.options.type === 'postgres') {
    // ONE round trip (W2, session 9): the row, and its candidates only if the row is new
    // (ON CONFLICT DO NOTHING RETURNING says so) — a retry never reopens a closed task
    const s = new PgStatement(m);
    const withCandidates = candidates.length ? `, c AS (${s.insert(TaskCandidateEntity, candidates, { onlyIf: 't' })} ON CONFLICT DO NOTHING RETURNING 1)` : '';
    const [res] = await s.run<{ n: number | string }>(`WITH t AS (${s.insert(TaskEntity, row)} ON CONFLICT DO NOTHING RETURNING "id")${withCandidates} SELECT count(*) AS n FROM t`);
    return Number(res.n) > 0;
  }
  // SQLite (in process): probe, then insert
  if (await m.getRepository(TaskEntity).existsBy({ id: input.taskId })) return false;
  await m.createQueryBuilder().insert().into(TaskEntity).values(insertRow(row)).orIgnore().execute();
  if (candidates.length > 0) await m.createQueryBuilder().insert().into(TaskCandidateEntity).values(candidates).orIgnore().execute();
  return true;
}

/**
 * Closes a task (COMPLETED or CANCELED) unless it is already closed. Idempotent. A
 * completion is audited (`task.complete`, on the task and on its process instance) in the
 * same transaction, exactly once per task id — whoever closed the row, however often the
 * activity is retried, even when a process dies in the middle.
 */
export async function closeUserTask(ds: DataSource, input: CloseUserTaskInput): Promise<boolean> {
  return inTransaction(ds, (m) => closeUserTaskIn(m, input));
}

/** closeUserTask inside the caller's transaction (a hand-off writes it with the progress: recordProgress) */
export async function closeUserTaskIn(m: EntityManager, input: CloseUserTaskInput): Promise<boolean> {
  const set: Partial<TaskEntity> = { state: input.state, completedAt: new Date(input.at), completedBy: input.by ?? null, completingSince: null };
  if (m.connection.options.type === 'postgres') {
    const { closed, task } = await closeInOneStatement(m, input.taskId, set);
    if (input.state === 'COMPLETED') await auditCompletionIn(m, input, closed, task);
    return closed;
  }
  const res = await m
    .createQueryBuilder()
    .update(TaskEntity)
    .set(set)
    .where('id = :id', { id: input.taskId })
    .andWhere('state IN (:...open)', { open: ['OPEN', 'COMPLETING'] })
    .execute();
  const closed = (res.affected ?? 0) > 0;
  if (closed) await setCandidatesOpen(m, input.taskId, false);
  if (input.state === 'COMPLETED') await auditCompletionIn(m, input, closed, await m.getRepository(TaskEntity).findOneBy({ id: input.taskId }));
  return closed;
}

type ClosedTask = Pick<TaskEntity, 'state' | 'instanceId' | 'elementId' | 'completedBy'>;

/**
 * PostgreSQL: the close, its candidates and the row the audit needs in ONE round trip (W2, session 9:
 * was an UPDATE, an UPDATE of the candidates and a SELECT, each a round trip inside the hand-off's
 * transaction). The row comes from the UPDATE's RETURNING when this statement closed it, else as it is.
 */
async function closeInOneStatement(m: EntityManager, taskId: string, set: Partial<TaskEntity>): Promise<{ closed: boolean; task: ClosedTask | null }> {
  const s = new PgStatement(m);
  const tasks = s.table(TaskEntity);
  const id = s.raw(taskId);
  const cols = `"state", "instance_id" AS "instanceId", "element_id" AS "elementId", "completed_by" AS "completedBy"`;
  const rows = await s.run<ClosedTask & { closed: boolean }>(
    `WITH t AS (UPDATE ${tasks} SET ${s.assignments(TaskEntity, set)} WHERE "id" = ${id} AND "state" IN ('OPEN', 'COMPLETING') RETURNING *),
          c AS (UPDATE ${s.table(TaskCandidateEntity)} SET "is_open" = 0 WHERE "task_id" = ${id} AND EXISTS (SELECT 1 FROM t) RETURNING 1)
     SELECT true AS closed, ${cols} FROM t
     UNION ALL SELECT false AS closed, ${cols} FROM ${tasks} WHERE "id" = ${id} AND NOT EXISTS (SELECT 1 FROM t)`,
  );
  const row = rows[0];
  return { closed: row?.closed === true, task: row ? { state: row.state, instanceId: row.instanceId, elementId: row.elementId, completedBy: row.completedBy } : null };
}

/**
 * The `task.complete` entries of a task, unless they exist already (idempotent by task id).
 * `closedNow`: this transaction moved the row from OPEN/COMPLETING to COMPLETED — no entries can
 * exist then (they are only written by the transaction that closes the row, or after it found
 * the row closed by the API, which writes none), so the probe is skipped under the lock.
 */
async function auditCompletionIn(m: EntityManager, input: CloseUserTaskInput, closedNow: boolean, task: ClosedTask | null): Promise<void> {
  // the task row (as the close left it) was read before the chain lock: the lock is global, held until
  // the commit, so only the check-then-append runs under it
  if (!task || task.state !== 'COMPLETED') return;
  const lock = await lockAuditChainIn(m);
  if (!closedNow && (await m.getRepository(AuditEntryEntity).existsBy({ entity: 'task', entityId: input.taskId, action: 'task.complete' }))) return;
  const actor = input.by ?? task.completedBy ?? 'system';
  const at = new Date(input.at);
  await appendAuditEntriesIn(m, [
    { actor, action: 'task.complete', entity: 'task', entityId: input.taskId, at, details: { instanceId: task.instanceId, elementId: task.elementId, variables: input.variables ?? {} } },
    { actor, action: 'task.complete', entity: 'process-instance', entityId: task.instanceId, at, details: { taskId: input.taskId, elementId: task.elementId } },
  ], { lock });
}

export async function getTask(ds: DataSource, id: string): Promise<TaskEntity | null> {
  return ds.getRepository(TaskEntity).findOneBy({ id });
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
 * one sees `ok`, the other `conflict`. The task stays in the inbox index: the inbox shows
 * it as "completing…" until the workflow closes it (or it is reopened).
 */
export async function beginTaskCompletion(ds: DataSource, id: string): Promise<TransitionOutcome> {
  return conditional(ds, id, (qb) => qb.set({ state: 'COMPLETING', completingSince: new Date() }).andWhere("state = 'OPEN'"));
}

/** COMPLETING → OPEN (the workflow refused the completion). */
export async function revertTaskCompletion(ds: DataSource, id: string): Promise<TransitionOutcome> {
  return conditional(ds, id, (qb) => qb.set({ state: 'OPEN', completingSince: null }).andWhere("state = 'COMPLETING'"), true);
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
    const set: Partial<TaskEntity> = { state: 'COMPLETED', completedAt: at, completedBy: by, completingSince: null };
    if (variables) set.variables = variables;
    return qb.set(set).andWhere('state IN (:...s)', { s: ['OPEN', 'COMPLETING'] });
  }, false);
}

/**
 * The API's record of a completion the workflow accepted, in ONE transaction: COMPLETING/OPEN →
 * COMPLETED with who/when (unless the worker's closeUserTask closed the row first, as it usually
 * has; its who/when stay) and the variables the completion submitted on the closed row, whoever
 * closed it. (W2, session 6: was two transactions and a row probe, 7 round trips → 4.)
 */
export async function recordTaskCompletion(ds: DataSource, id: string, by: string, variables: Record<string, unknown> | undefined, at = new Date()): Promise<void> {
  if (ds.options.type === 'postgres') return recordTaskCompletionPg(ds.manager, id, by, variables, at);
  await inTransaction(ds, async (m) => {
    const closed = await m
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ state: 'COMPLETED', completedAt: at, completedBy: by, completingSince: null })
      .where('id = :id', { id })
      .andWhere('state IN (:...s)', { s: ['OPEN', 'COMPLETING'] })
      .execute();
    if ((closed.affected ?? 0) > 0) await setCandidatesOpen(m, id, false);
    if (variables) await m.createQueryBuilder().update(TaskEntity).set(insertRow<Partial<TaskEntity>>({ variables })).where('id = :id', { id }).andWhere("state = 'COMPLETED'").execute();
  });
}

/**
 * PostgreSQL: recordTaskCompletion as ONE autocommit statement (W2, session 9: was BEGIN, two UPDATEs of
 * the row, COMMIT — four round trips after every completion). The row is read FOR UPDATE in the same
 * statement: an OPEN/COMPLETING row is closed (and its candidates), a closed one keeps the worker's
 * who/when; the submitted variables are written on a COMPLETED row either way, as before.
 */
async function recordTaskCompletionPg(m: EntityManager, id: string, by: string, variables: Record<string, unknown> | undefined, at: Date): Promise<void> {
  const s = new PgStatement(m);
  const tasks = s.table(TaskEntity);
  const meta = m.connection.getMetadata(TaskEntity);
  const col = (prop: keyof TaskEntity & string) => meta.findColumnWithPropertyName(prop)!;
  const key = s.raw(id);
  const open = `cur."state" IN ('OPEN', 'COMPLETING')`;
  const sets = [
    `"state" = 'COMPLETED'`,
    `"completed_at" = CASE WHEN ${open} THEN ${s.param(at, col('completedAt'))} ELSE ${tasks}."completed_at" END`,
    `"completed_by" = CASE WHEN ${open} THEN ${s.param(by, col('completedBy'))} ELSE ${tasks}."completed_by" END`,
    `"completing_since" = NULL`,
    ...(variables ? [`"variables" = ${s.param(variables, col('variables'))}`] : []),
  ];
  await s.run(
    `WITH cur AS (SELECT "state" FROM ${tasks} WHERE "id" = ${key} FOR UPDATE),
          u AS (UPDATE ${tasks} SET ${sets.join(', ')} FROM cur WHERE ${tasks}."id" = ${key} AND cur."state" IN ('OPEN', 'COMPLETING', 'COMPLETED') RETURNING cur."state" AS was)
     UPDATE ${s.table(TaskCandidateEntity)} SET "is_open" = 0 WHERE "task_id" = ${key} AND EXISTS (SELECT 1 FROM u WHERE was IN ('OPEN', 'COMPLETING'))`,
  );
}

/**
 * The projection of an instance ended without its workflow (terminated as the last resort
 * of a cancel): the ACTIVE row becomes CANCELED with nothing active and no open incident,
 * its open and completing tasks are CANCELED, and the audit entry commits with them.
 * Returns false if the row was no longer ACTIVE (the workflow got there first).
 */
export async function forceInstanceCanceled(ds: DataSource, instanceId: string, audit: { actor: string; reason: string }, at = new Date()): Promise<boolean> {
  return inTransaction(ds, async (m) => {
    const res = await m
      .createQueryBuilder()
      .update(ProcessInstanceEntity)
      .set({ state: 'CANCELED', activeElements: {}, incidents: [], updatedAt: at, endedAt: at })
      .where('id = :instanceId', { instanceId })
      .andWhere("state = 'ACTIVE'")
      .execute();
    if ((res.affected ?? 0) === 0) return false;
    const open = await m
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.instance_id = :instanceId', { instanceId })
      .andWhere("t.state IN ('OPEN', 'COMPLETING')")
      .getRawMany<{ id: string }>();
    for (const { id } of open) {
      await m.createQueryBuilder().update(TaskEntity).set({ state: 'CANCELED', completedAt: at, completingSince: null }).where('id = :id', { id }).execute();
      await setCandidatesOpen(m, id, false);
    }
    await appendAuditIn(m, { actor: audit.actor, action: 'process-instance.terminate', entity: 'process-instance', entityId: instanceId, at, details: { reason: audit.reason, canceledTasks: open.map((t) => t.id) } });
    return true;
  });
}

/** tasks COMPLETING since before `olderThan` (oldest first): completions to reconcile */
export async function listCompletingTasks(ds: DataSource, olderThan: Date, limit = 100): Promise<Array<{ id: string; instanceId: string }>> {
  return ds
    .getRepository(TaskEntity)
    .createQueryBuilder('t')
    .select(['t.id AS id', 't.instance_id AS "instanceId"'])
    .where("t.state = 'COMPLETING'")
    .andWhere('t.completing_since < :olderThan', { olderThan })
    .orderBy('t.completing_since', 'ASC')
    .limit(limit)
    .getRawMany<{ id: string; instanceId: string }>();
}

/**
 * Reopens tasks left COMPLETING longer than the lease (the API that began the completion
 * died before the workflow answered), or exactly `only` of them. Safe: completeTask is
 * idempotent in the workflow, and a completion the workflow did apply closes the task
 * through closeUserTask anyway.
 */
export async function reopenStaleCompletions(ds: DataSource, olderThan: Date, only?: string[]): Promise<string[]> {
  if (only && only.length === 0) return [];
  return inTransaction(ds, async (m) => {
    const qb = m
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where("t.state = 'COMPLETING'")
      .andWhere('t.completing_since < :olderThan', { olderThan });
    if (only) qb.andWhere('t.id IN (:...only)', { only });
    const stale = await qb.getRawMany<{ id: string }>();
    const ids: string[] = [];
    for (const { id } of stale) {
      const res = await m
        .createQueryBuilder()
        .update(TaskEntity)
        .set({ state: 'OPEN', completingSince: null })
        .where('id = :id', { id })
        .andWhere("state = 'COMPLETING'")
        .execute();
      if ((res.affected ?? 0) > 0) {
        await setCandidatesOpen(m, id, true);
        ids.push(id);
      }
    }
    return ids;
  });
}

type UpdateQb = ReturnType<ReturnType<ReturnType<DataSource['createQueryBuilder']>['update']>['set']>;

/** One conditional UPDATE of a task; `open` (when given) is mirrored into the inbox index. */
async function conditional(ds: DataSource, id: string, build: (qb: UpdateQb) => UpdateQb, open?: boolean): Promise<TransitionOutcome> {
  if (open === undefined && ds.options.type === 'postgres') {
    // one statement (claim, unclaim, the start of a completion): atomic on its own, no BEGIN/COMMIT
    // round trips (W2: every completion begins with one); the probe only names a refusal. Not on
    // SQLite, whose one shared connection would run it inside another caller's open transaction.
    const res = await build(ds.createQueryBuilder().update(TaskEntity).set({}).where('id = :id', { id })).execute();
    if ((res.affected ?? 0) > 0) return 'ok';
    return (await ds.getRepository(TaskEntity).existsBy({ id })) ? 'conflict' : 'not-found';
  }
  return inTransaction(ds, async (m) => {
    const qb = m.createQueryBuilder().update(TaskEntity).set({}).where('id = :id', { id });
    const res = await build(qb).execute();
    if ((res.affected ?? 0) > 0) {
      if (open !== undefined) await setCandidatesOpen(m, id, open);
      return 'ok';
    }
    const exists = await m.getRepository(TaskEntity).existsBy({ id });
    return exists ? 'conflict' : 'not-found';
  });
}

async function setCandidatesOpen(m: EntityManager, taskId: string, open: boolean): Promise<void> {
  await m.createQueryBuilder().update(TaskCandidateEntity).set({ isOpen: open ? 1 : 0 }).where('task_id = :taskId', { taskId }).execute();
}
