import type { ElementRecord, InstanceState, ProgressInput } from '@tthc/contracts';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { decodeCursor, toPage, type Page } from '../common/keyset-cursor.util';
import { insertRow } from '../common/insert-row.util';
import { PgStatement } from '../common/pg-statement';
import { inTransaction } from '../common/transaction.util';
import { ElementHistoryEntity } from './element-history.entity';
import { ProcessInstanceEntity } from './process-instance.entity';
import { closeUserTaskIn, createUserTaskIn } from '../tasks/task.store';

/** States after which the projection is never moved back (late/retried progress). */
const FINAL_STATES: InstanceState[] = ['COMPLETED', 'CANCELED', 'TERMINATED'];

export interface NewInstance {
  id: string;
  processKey: string;
  version: number;
  definitionId: string;
  businessKey?: string | null;
  variables: Record<string, unknown>;
  agency?: string | null;
  startedBy?: string | null;
  startedAt?: Date;
  workflowId: string;
  /** the dossier this instance runs */
  dossierId?: string | null;
}

/** Inserts the projection row before the workflow starts (the API does this). */
export async function insertInstance(ds: DataSource, n: NewInstance): Promise<ProcessInstanceEntity> {
  return inTransaction(ds, (m) => insertInstanceIn(m, n));
}

/** insertInstance inside the caller's transaction (a dossier's instance is written with the dossier). */
export async function insertInstanceIn(m: EntityManager, n: NewInstance): Promise<ProcessInstanceEntity> {
  const at = n.startedAt ?? new Date();
  const row: ProcessInstanceEntity = {
    id: n.id,
    processKey: n.processKey,
    version: n.version,
    definitionId: n.definitionId,
    businessKey: n.businessKey ?? null,
    state: 'ACTIVE',
    activeElements: {},
    variables: n.variables,
    agency: n.agency ?? null,
    startedBy: n.startedBy ?? null,
    startedAt: at,
    endedAt: null,
    updatedAt: at,
    workflowId: n.workflowId,
    incidents: [],
    parentInstanceId: null,
    dossierId: n.dossierId ?? null,
  };
  await m.insert(ProcessInstanceEntity, insertRow(row));
  return row;
}

/** Removes the projection of an instance whose workflow never started (nothing else refers to it yet). */
export async function discardInstance(ds: DataSource, id: string): Promise<void> {
  await inTransaction(ds, (m) => m.delete(ProcessInstanceEntity, { id, state: 'ACTIVE' }));
}

/** Sets the state of an instance directly (e.g. FAILED when the workflow could not start). */
export async function setInstanceState(ds: DataSource, id: string, state: InstanceState, at = new Date()): Promise<void> {
  await inTransaction(ds, (m) =>
    m.update(ProcessInstanceEntity, { id }, { state, updatedAt: at, endedAt: state === 'ACTIVE' ? null : at }),
  );
}

/**
 * The worker's `recordProgress`: upserts the instance projection and the element
 * records. Idempotent (replays and retries write the same values) and never moves a
 * finished instance or element back to ACTIVE. With `p.inbox` (a run's hand-off) also the
 * inbox rows opened and closed since the last write, in the same transaction: rows first (a
 * task opened and closed in one write exists before its close), the closes last (their audit
 * entries take the audit chain's lock, held until the commit: as briefly as possible).
 */
export async function recordProgress(ds: DataSource, p: ProgressInput): Promise<void> {
  await inTransaction(ds, async (m) => {
    for (const task of p.inbox?.open ?? []) await createUserTaskIn(m, task);
    await recordProgressIn(m, p);
    for (const close of p.inbox?.close ?? []) await closeUserTaskIn(m, close);
  });
}

async function recordProgressIn(m: EntityManager, p: ProgressInput): Promise<void> {
  const at = new Date(p.at);
  const ended = p.state === 'ACTIVE' ? null : at;
  const res = await m
    .createQueryBuilder()
    .update(ProcessInstanceEntity)
    .set(insertRow<Partial<ProcessInstanceEntity>>({
      state: p.state,
      activeElements: p.activeElements,
      variables: p.variables,
      updatedAt: at,
      endedAt: ended,
      // the version the run executes (a migrated instance continues on another one)
      ...(p.version && p.definitionId ? { version: p.version, definitionId: p.definitionId } : {}),
      // absent = the reporter does not track incidents: keep what is stored
      ...(p.incidents ? { incidents: p.incidents } : {}),
    }))
    .where('id = :id', { id: p.instanceId })
    .andWhere('(state NOT IN (:...final) OR state = :state)', { final: FINAL_STATES, state: p.state })
    .execute();
  if ((res.affected ?? 0) === 0 && !(await m.getRepository(ProcessInstanceEntity).existsBy({ id: p.instanceId }))) {
    await m.insert(ProcessInstanceEntity, insertRow<ProcessInstanceEntity>({
      id: p.instanceId,
      processKey: p.processKey ?? '',
      version: p.version ?? 0,
      definitionId: p.definitionId ?? '',
      businessKey: p.businessKey ?? null,
      state: p.state,
      activeElements: p.activeElements,
      variables: p.variables,
      agency: p.agency ?? null,
      startedBy: null,
      startedAt: at,
      endedAt: ended,
      updatedAt: at,
      workflowId: p.workflowId ?? `pi/${p.instanceId}`,
      incidents: p.incidents ?? [],
      parentInstanceId: p.parentInstanceId ?? null,
    }));
  }
  await upsertElements(m, p.instanceId, p.elements);
}

/**
 * New element instances are inserted with the next `seq` of their process instance (the
 * order the engine reported them in); known ones are updated, never moved back from a
 * finished state to ACTIVE.
 */
async function upsertElements(m: EntityManager, instanceId: string, elements: ElementRecord[]): Promise<void> {
  if (elements.length === 0) return;
  const repo = m.getRepository(ElementHistoryEntity);
  // last record of an element instance wins within one call; Map keeps first-seen order
  const byId = new Map<string, ElementRecord>();
  for (const e of elements) byId.set(e.elementInstanceId, e);
  if (m.connection.options.type === 'postgres') return upsertElementsPg(m, instanceId, [...byId.values()]);
  const ids = [...byId.keys()];
  const existing = new Map<string, ElementHistoryEntity['state']>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await repo.find({ select: { elementInstanceId: true, state: true }, where: { elementInstanceId: In(ids.slice(i, i + 500)) } });
    for (const r of rows) existing.set(r.elementInstanceId, r.state);
  }
  const fresh = [...byId.values()].filter((e) => !existing.has(e.elementInstanceId));
  if (fresh.length > 0) {
    const max = await repo
      .createQueryBuilder('e')
      .select('MAX(e.seq)', 'max')
      .where('e.instance_id = :instanceId', { instanceId })
      .getRawOne<{ max: number | string | null }>();
    let seq = Number(max?.max ?? 0);
    const rows = fresh.map((e) => ({ ...toRow(instanceId, e), seq: ++seq }));
    // chunks keep the statement under SQLite's bound-parameter limit
    for (let i = 0; i < rows.length; i += 50) await repo.insert(rows.slice(i, i + 50));
  }
  for (const e of byId.values()) {
    const was = existing.get(e.elementInstanceId);
    if (was === undefined || (was !== 'ACTIVE' && e.state === 'ACTIVE')) continue;
    const { elementInstanceId, ...changes } = toRow(instanceId, e);
    await repo.update({ elementInstanceId }, changes);
  }
}

/**
 * PostgreSQL: ONE upsert per 200 records (W2, session 9: a hand-off's two records were a probe, a MAX(seq),
 * an INSERT and an UPDATE — four round trips). New element instances get MAX(seq) + their position (the
 * process instance's row, updated first in this transaction, is locked, so the MAX cannot race; a record
 * that turns out to exist leaves its number unused — seq only orders); known ones are updated unless that
 * would move a finished one back to ACTIVE.
 */
async function upsertElementsPg(m: EntityManager, instanceId: string, records: ElementRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 200) {
    const s = new PgStatement(m);
    const table = s.table(ElementHistoryEntity);
    const max = `(SELECT COALESCE(MAX("seq"), 0) FROM ${table} WHERE "instance_id" = ${s.raw(instanceId)})`;
    const rows = records.slice(i, i + 200).map((e) => ({ ...toRow(instanceId, e), seq: 0 }));
    const insert = s.insert(ElementHistoryEntity, rows, { expr: (k) => ({ seq: `${max} + ${k + 1}` }) });
    await s.run(
      `${insert} ON CONFLICT ("element_instance_id") DO UPDATE SET ${s.excluded(ElementHistoryEntity, ['seq'])} WHERE NOT (${table}."state" <> 'ACTIVE' AND EXCLUDED."state" = 'ACTIVE')`,
    );
  }
}

function toRow(instanceId: string, e: ElementRecord) {
  return {
    elementInstanceId: e.elementInstanceId,
    instanceId,
    elementId: e.elementId,
    elementType: e.elementType,
    name: e.name ?? null,
    state: e.state,
    startedAt: new Date(e.startedAt),
    endedAt: e.endedAt ? new Date(e.endedAt) : null,
    by: e.by ?? null,
  };
}

export async function getInstance(ds: DataSource, id: string): Promise<ProcessInstanceEntity | null> {
  return ds.getRepository(ProcessInstanceEntity).findOneBy({ id });
}

/** Element history in the order things happened. */
export async function getElementHistory(ds: DataSource, instanceId: string): Promise<ElementHistoryEntity[]> {
  return ds
    .getRepository(ElementHistoryEntity)
    .createQueryBuilder('e')
    .where('e.instance_id = :instanceId', { instanceId })
    .orderBy('e.seq', 'ASC')
    .addOrderBy('e.started_at', 'ASC')
    .addOrderBy('e.element_instance_id', 'ASC')
    .getMany();
}

export interface InstanceQuery {
  processKey?: string;
  states?: InstanceState[];
  businessKey?: string;
  /** only instances of these definition ids (plus those whose definition is unknown: '') */
  definitionIds?: string[];
  /** restrict to instances of these agencies (plus instances without agency) */
  agency?: string | null;
  cursor?: string;
  limit: number;
}

/** Newest first, keyset-paged on (started_at, id). */
export async function listInstances(ds: DataSource, q: InstanceQuery): Promise<Page<ProcessInstanceEntity>> {
  const qb = ds.getRepository(ProcessInstanceEntity).createQueryBuilder('i');
  if (q.processKey) qb.andWhere('i.process_key = :processKey', { processKey: q.processKey });
  if (q.states?.length) qb.andWhere('i.state IN (:...states)', { states: q.states });
  if (q.businessKey) qb.andWhere('i.business_key = :businessKey', { businessKey: q.businessKey });
  if (q.definitionIds) {
    if (q.definitionIds.length === 0) qb.andWhere("i.definition_id = ''");
    else qb.andWhere("(i.definition_id IN (:...definitionIds) OR i.definition_id = '')", { definitionIds: q.definitionIds });
  }
  if (q.agency !== undefined) {
    if (q.agency === null) qb.andWhere('i.agency_code IS NULL');
    else qb.andWhere('(i.agency_code = :agency OR i.agency_code IS NULL)', { agency: q.agency });
  }
  if (q.cursor) {
    const pos = decodeCursor(q.cursor);
    qb.andWhere('(i.started_at < :cAt OR (i.started_at = :cAt AND i.id < :cId))', { cAt: pos.at, cId: pos.id });
  }
  qb.orderBy('i.started_at', 'DESC').addOrderBy('i.id', 'DESC').limit(q.limit + 1);
  return toPage(await qb.getMany(), q.limit, (i) => ({ at: i.startedAt, id: i.id }));
}
