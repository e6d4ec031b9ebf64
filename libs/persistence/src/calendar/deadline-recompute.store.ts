import type { ExecutableGraph } from '@tthc/contracts';
import { type DataSource, In, IsNull, Not } from 'typeorm';
import { appendAuditIn } from '../audit/audit.store';
import { inTransaction } from '../common/transaction.util';
import { ProcessDefinitionEntity } from '../definitions/process-definition.entity';
import { ProcessInstanceEntity } from '../instances/process-instance.entity';
import { TaskEntity } from '../tasks/task.entity';

/** an open inbox row with a due date, with what is needed to compute that due date again */
export interface OpenTaskDeadline {
  taskId: string;
  instanceId: string;
  processKey: string;
  version: number;
  elementId: string;
  agency?: string;
  createdAt: Date;
  dueAt: Date;
}

export async function listOpenTaskDeadlines(ds: DataSource, limit = 50_000): Promise<OpenTaskDeadline[]> {
  const rows = await ds.getRepository(TaskEntity).find({
    select: { id: true, instanceId: true, processKey: true, version: true, elementId: true, agency: true, createdAt: true, dueAt: true },
    where: { state: 'OPEN', dueAt: Not(IsNull()) },
    order: { dueAt: 'ASC', id: 'ASC' },
    take: limit,
  });
  return rows.map((t) => ({
    taskId: t.id,
    instanceId: t.instanceId,
    processKey: t.processKey,
    version: t.version,
    elementId: t.elementId,
    ...(t.agency ? { agency: t.agency } : {}),
    createdAt: t.createdAt,
    dueAt: t.dueAt as Date,
  }));
}

/** the graphs of the given (processKey, version) pairs, keyed `key@version` */
export async function loadGraphsByKeyVersion(ds: DataSource, pairs: Array<{ processKey: string; version: number }>): Promise<Map<string, ExecutableGraph>> {
  const out = new Map<string, ExecutableGraph>();
  const keys = [...new Set(pairs.map((p) => p.processKey))];
  if (!keys.length) return out;
  const wanted = new Set(pairs.map((p) => `${p.processKey}@${p.version}`));
  const rows = await ds.getRepository(ProcessDefinitionEntity).find({ select: { key: true, version: true, graph: true }, where: { key: In(keys) } });
  for (const r of rows) if (wanted.has(`${r.key}@${r.version}`)) out.set(`${r.key}@${r.version}`, r.graph as ExecutableGraph);
  return out;
}

/** running instances (projection state ACTIVE) with their definition's graph */
export async function listRunningInstancesWithGraphs(ds: DataSource): Promise<Array<{ instanceId: string; workflowId: string; agency?: string; graph: ExecutableGraph }>> {
  const instances = await ds.getRepository(ProcessInstanceEntity).find({ select: { id: true, workflowId: true, definitionId: true, agency: true }, where: { state: 'ACTIVE' } });
  const ids = [...new Set(instances.map((i) => i.definitionId))];
  const defs = ids.length ? await ds.getRepository(ProcessDefinitionEntity).find({ select: { id: true, graph: true }, where: { id: In(ids) } }) : [];
  const graphs = new Map(defs.map((d) => [d.id, d.graph as ExecutableGraph]));
  return instances
    .filter((i) => graphs.has(i.definitionId))
    .map((i) => ({ instanceId: i.id, workflowId: i.workflowId, ...(i.agency ? { agency: i.agency } : {}), graph: graphs.get(i.definitionId)! }));
}

export interface DueChange {
  taskId: string;
  oldDue: Date;
  newDue: Date;
}

/**
 * Writes new due dates to open inbox rows and appends one audit entry. A row is only changed if it
 * is still OPEN with the due date the change was computed from (a task completed or re-dated
 * meanwhile is left alone); returns the task ids actually updated.
 */
export async function applyTaskDueChanges(ds: DataSource, changes: DueChange[], actor: string): Promise<string[]> {
  const updated: string[] = [];
  await inTransaction(ds, async (m) => {
    const repo = m.getRepository(TaskEntity);
    for (const c of changes) {
      // compared in JS: a Date in a WHERE clause is stored differently by the SQLite and PostgreSQL drivers
      const row = await repo.findOne({ select: { id: true, state: true, dueAt: true }, where: { id: c.taskId } });
      if (row?.state !== 'OPEN' || row.dueAt?.getTime() !== c.oldDue.getTime()) continue;
      await repo.update({ id: c.taskId }, { dueAt: c.newDue });
      updated.push(c.taskId);
    }
    await appendAuditIn(m, {
      actor,
      action: 'calendar.deadlines.recompute',
      entity: 'calendar',
      entityId: 'deadlines',
      details: { updated: changes.filter((c) => updated.includes(c.taskId)).map((c) => ({ taskId: c.taskId, oldDue: c.oldDue.toISOString(), newDue: c.newDue.toISOString() })) },
    });
  });
  return updated;
}
