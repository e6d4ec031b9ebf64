/**
 * The projection side of an instance migration (the workflow has already moved to the new
 * version): the instance row, its open inbox rows and its active element records follow the
 * element mapping — in the caller's transaction, with the audit entry and the dossier event.
 */
import type { ExecutableGraph, GraphNode, ScopeNode } from '@tthc/contracts';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { appendAuditIn } from '../audit/audit.store';
import { inTransaction } from '../common/transaction.util';
import { appendDossierEvent } from '../dossiers/dossier-event.store';
import { DossierEntity } from '../dossiers/dossier.entity';
import { TaskEntity } from '../tasks/task.entity';
import { ElementHistoryEntity } from './element-history.entity';
import { ProcessInstanceEntity } from './process-instance.entity';

export interface InstanceMigrationRecord {
  instanceId: string;
  definitionId: string;
  version: number;
  graph: ExecutableGraph;
  /** active source element id → target element id (what the workflow applied) */
  applied: Record<string, string>;
  /** who migrated (the dossier event's actor) */
  by: string;
  at: Date;
}

/** what the audit entry `process-instance.migrate` says besides the record */
export interface InstanceMigrationAudit {
  processKey: string;
  fromVersion: number;
  toVersion: number;
  mapping: Record<string, string>;
}

/**
 * The whole projection of one migration in ONE transaction: the rows (applyInstanceMigrationIn), the
 * dossier event and the audit entry `process-instance.migrate` — for the API's migration and the
 * worker's batch item alike.
 */
export async function recordInstanceMigration(ds: DataSource, r: InstanceMigrationRecord, audit: InstanceMigrationAudit): Promise<void> {
  await inTransaction(ds, async (m) => {
    await applyInstanceMigrationIn(m, r);
    await appendAuditIn(m, { actor: r.by, action: 'process-instance.migrate', entity: 'process-instance', entityId: r.instanceId, details: { ...audit, applied: r.applied } });
  });
}

export async function applyInstanceMigrationIn(m: EntityManager, r: InstanceMigrationRecord): Promise<void> {
  const nodes = indexNodes(r.graph.root);
  const inst = await m.findOneByOrFail(ProcessInstanceEntity, { id: r.instanceId });
  const activeElements: Record<string, number> = {};
  for (const [id, n] of Object.entries(inst.activeElements)) {
    const to = r.applied[id] ?? id;
    activeElements[to] = (activeElements[to] ?? 0) + n;
  }
  await m.update(ProcessInstanceEntity, { id: r.instanceId }, { version: r.version, definitionId: r.definitionId, activeElements, updatedAt: r.at });
  const tasks = await m.findBy(TaskEntity, { instanceId: r.instanceId, state: In(['OPEN', 'COMPLETING']) });
  for (const t of tasks) {
    const to = r.applied[t.elementId] ?? t.elementId;
    const node = nodes.get(to);
    await m.update(TaskEntity, { id: t.id }, { version: r.version, elementId: to, ...(node ? { name: node.name ?? null, step: node.step ?? null, formKey: node.formKey ?? null } : {}) });
  }
  // a dossier keeps its identity, dates and deadlines: only the version it runs changes, and its history says so
  if (inst.dossierId) {
    await m.update(DossierEntity, { id: inst.dossierId }, { definitionId: r.definitionId, definitionVersion: r.version });
    await appendDossierEvent(m, inst.dossierId, {
      kind: 'process.migrated',
      actor: r.by,
      at: r.at,
      payload: { fromVersion: inst.version, toVersion: r.version, mapping: r.applied },
    });
  }
  const active = await m.findBy(ElementHistoryEntity, { instanceId: r.instanceId, state: 'ACTIVE' });
  for (const e of active) {
    const to = r.applied[e.elementId];
    if (to && to !== e.elementId) await m.update(ElementHistoryEntity, { elementInstanceId: e.elementInstanceId }, { elementId: to, name: nodes.get(to)?.name ?? null });
  }
}

function indexNodes(scope: ScopeNode, out = new Map<string, GraphNode>()): Map<string, GraphNode> {
  for (const n of Object.values(scope.nodes)) {
    out.set(n.id, n);
    if (n.scope) indexNodes(n.scope, out);
  }
  return out;
}
