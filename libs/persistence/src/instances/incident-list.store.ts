/**
 * The incident list across instances (Operate's incidents view): the open incidents recorded in
 * the instance projection (`process_instances.incidents`, written by the worker's progress), with
 * filters and counts by process and by element.
 */
import type { IncidentCounts, IncidentListItem } from '@tthc/contracts';
import type { DataSource } from 'typeorm';
import { ProcessInstanceEntity } from './process-instance.entity';

export interface IncidentQuery {
  processKey?: string;
  elementId?: string;
  instanceIds?: string[];
  /** undefined: every agency; a code: that agency and agency-less processes; null: agency-less processes only */
  agency?: string | null;
  /** at most this many incidents in `items` (counts cover every match) */
  limit: number;
}

/** instances scanned at most (the list is an operator's view, not a report) */
export const INCIDENT_SCAN_LIMIT = 10_000;

export async function listIncidents(ds: DataSource, q: IncidentQuery): Promise<{ items: IncidentListItem[]; total: number; counts: IncidentCounts }> {
  const qb = ds.getRepository(ProcessInstanceEntity).createQueryBuilder('i').where("i.state = 'ACTIVE'").andWhere("i.incidents <> '[]'");
  if (q.processKey) qb.andWhere('i.process_key = :processKey', { processKey: q.processKey });
  if (q.instanceIds) qb.andWhere(q.instanceIds.length ? 'i.id IN (:...ids)' : '1 = 0', { ids: q.instanceIds });
  if (q.agency === null) qb.andWhere('i.agency_code IS NULL');
  else if (q.agency !== undefined) qb.andWhere('(i.agency_code = :agency OR i.agency_code IS NULL)', { agency: q.agency });
  qb.orderBy('i.updated_at', 'DESC').addOrderBy('i.id', 'DESC').limit(INCIDENT_SCAN_LIMIT);
  const rows = await qb.getMany();
  const all: IncidentListItem[] = [];
  for (const r of rows) {
    for (const inc of r.incidents ?? []) {
      if (q.elementId && inc.elementId !== q.elementId) continue;
      all.push({ instanceId: r.id, processKey: r.processKey, version: r.version, agency: r.agency, businessKey: r.businessKey, incidentId: inc.id, elementId: inc.elementId, message: inc.message });
    }
  }
  const byProcess = new Map<string, number>();
  const byElement = new Map<string, { processKey: string; elementId: string; count: number }>();
  for (const i of all) {
    byProcess.set(i.processKey, (byProcess.get(i.processKey) ?? 0) + 1);
    const key = `${i.processKey}\u0000${i.elementId}`;
    const e = byElement.get(key) ?? { processKey: i.processKey, elementId: i.elementId, count: 0 };
    e.count++;
    byElement.set(key, e);
  }
  const desc = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    items: all.slice(0, q.limit),
    total: all.length,
    counts: {
      byProcess: [...byProcess].map(([processKey, count]) => ({ processKey, count })).sort(desc),
      byElement: [...byElement.values()].sort(desc),
    },
  };
}
