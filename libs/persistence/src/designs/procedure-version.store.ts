import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { insertRow } from '../common/insert-row.util';
import { ProcessDefinitionEntity } from '../definitions/process-definition.entity';
import { ProcedureVersionEntity } from './procedure-version.entity';

type Db = DataSource | EntityManager;

export interface NewProcedureVersion {
  processKey: string;
  name: string | null;
  xml: string;
  note: string;
  author: string;
  draftId: string | null;
  definitionId: string;
  definitionVersion: number;
  at?: Date;
}

/** Appends the next version of the key (the caller retries on a unique violation). */
export async function insertProcedureVersionIn(m: EntityManager, v: NewProcedureVersion): Promise<ProcedureVersionEntity> {
  const last = await m.getRepository(ProcedureVersionEntity).findOne({ select: { number: true }, where: { processKey: v.processKey }, order: { number: 'DESC' } });
  const row: ProcedureVersionEntity = {
    id: randomUUID(),
    processKey: v.processKey,
    number: (last?.number ?? 0) + 1,
    name: v.name,
    xml: v.xml,
    note: v.note,
    author: v.author,
    publishedAt: v.at ?? new Date(),
    draftId: v.draftId,
    definitionId: v.definitionId,
    definitionVersion: v.definitionVersion,
  };
  await m.insert(ProcedureVersionEntity, insertRow(row));
  return row;
}

/** One entry of a procedure's history: a publication from the designer, or a deployment made elsewhere (file, CLI, start). */
export interface VersionEntry {
  id: string;
  source: 'designer' | 'deployment';
  processKey: string;
  name: string | null;
  /** designer publication number (null for deployments) */
  number: number | null;
  definitionVersion: number;
  /** true when the publication deployed no new engine version (the drawing changed, not the graph) */
  layoutOnly: boolean;
  author: string | null;
  at: Date;
  note: string | null;
}

/**
 * The history of a process key, oldest first: every designer publication, plus every engine
 * version no publication produced (deployed from a file, the CLI or processes/ at start).
 */
export async function listVersionHistory(db: Db, processKey: string): Promise<VersionEntry[]> {
  const [published, deployed] = await Promise.all([
    db.getRepository(ProcedureVersionEntity).find({
      select: { id: true, processKey: true, number: true, name: true, note: true, author: true, publishedAt: true, definitionId: true, definitionVersion: true },
      where: { processKey },
      order: { number: 'ASC' },
    }),
    db.getRepository(ProcessDefinitionEntity).find({
      select: { id: true, key: true, version: true, name: true, deployedBy: true, deployedAt: true },
      where: { key: processKey },
      order: { version: 'ASC' },
    }),
  ]);
  const firstUse = new Map<string, string>();
  for (const p of published) if (!firstUse.has(p.definitionId)) firstUse.set(p.definitionId, p.id);
  const entries: VersionEntry[] = [
    ...deployed
      .filter((d) => !firstUse.has(d.id))
      .map((d) => ({ id: d.id, source: 'deployment' as const, processKey, name: d.name, number: null, definitionVersion: d.version, layoutOnly: false, author: d.deployedBy, at: d.deployedAt, note: null })),
    ...published.map((p) => ({
      id: p.id,
      source: 'designer' as const,
      processKey,
      name: p.name,
      number: p.number,
      definitionVersion: p.definitionVersion,
      layoutOnly: firstUse.get(p.definitionId) !== p.id,
      author: p.author,
      at: p.publishedAt,
      note: p.note,
    })),
  ];
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || a.definitionVersion - b.definitionVersion);
}

/** The XML of a history entry (a publication or an engine version), with its process key. */
export async function getVersionXml(db: Db, id: string): Promise<{ processKey: string; xml: string } | null> {
  const p = await db.getRepository(ProcedureVersionEntity).findOne({ select: { processKey: true, xml: true }, where: { id } });
  if (p) return { processKey: p.processKey, xml: p.xml };
  const d = await db.getRepository(ProcessDefinitionEntity).findOne({ select: { key: true, xml: true }, where: { id } });
  return d ? { processKey: d.key, xml: d.xml } : null;
}
