import type { ProcedureEntry, ProcedureUpdate, ProcedureVersionView, ProcedureView } from '@tthc/contracts';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { insertRow } from '../common/insert-row.util';
import { inTransaction } from '../common/transaction.util';
import { ProcessDefinitionEntity } from '../definitions/process-definition.entity';
import { ProcedureEntity } from './procedure.entity';

type Db = DataSource | EntityManager;

/**
 * Writes a catalog entry (by national code). An entry whose content is unchanged is left
 * alone; a process key already used by another code is refused (one process per procedure).
 * The status is the catalog's own state: a file sets it when the entry is first written
 * (default `published`) or when it names one; otherwise an analyst's change is kept.
 */
export async function upsertProcedure(ds: DataSource, p: ProcedureEntry, at = new Date()): Promise<{ changed: boolean }> {
  const sourceHash = sha256Hex(canonicalJson(p));
  return inTransaction(ds, async (m) => {
    const repo = m.getRepository(ProcedureEntity);
    const existing = await repo.findOneBy({ code: p.code });
    if (existing?.sourceHash === sourceHash) return { changed: false };
    const other = await repo.findOneBy({ processKey: p.processKey });
    if (other && other.code !== p.code) throw new Error(`process ${p.processKey} already runs procedure ${other.code}`);
    const status = p.status ?? existing?.status ?? 'published';
    const row: ProcedureEntity = { ...toProcedureView({ ...p, status }), sourceHash, updatedAt: at };
    if (existing) await repo.update({ code: p.code }, insertRow(row));
    else await repo.insert(insertRow(row));
    return { changed: true };
  });
}

/** Applies an analyst's change to an entry inside the caller's transaction; returns the entry before and after. */
export async function updateProcedureIn(m: EntityManager, code: string, patch: ProcedureUpdate, at: Date): Promise<{ before: ProcedureView; after: ProcedureView } | null> {
  const repo = m.getRepository(ProcedureEntity);
  const existing = await repo.findOneBy({ code });
  if (!existing) return null;
  const before = toProcedureView(existing);
  const after = toProcedureView({ ...before, ...definedOnly(patch) });
  await repo.update({ code }, insertRow({ ...after, updatedAt: at }));
  return { before, after };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function getProcedure(db: Db, code: string): Promise<ProcedureEntity | null> {
  return db.getRepository(ProcedureEntity).findOneBy({ code });
}

export async function getProcedureByKey(db: Db, processKey: string): Promise<ProcedureEntity | null> {
  return db.getRepository(ProcedureEntity).findOneBy({ processKey });
}

export async function listProcedures(db: Db, opts: { agency?: string } = {}): Promise<ProcedureEntity[]> {
  return db.getRepository(ProcedureEntity).find({ where: opts.agency ? { agency: opts.agency } : {}, order: { code: 'ASC' } });
}

/** The agency and status of the procedures these processes run (a process runs at most one procedure). */
export async function procedureStatusOfProcesses(db: Db, processKeys: string[]): Promise<Map<string, { agency: string; status: ProcedureEntity['status'] }>> {
  if (processKeys.length === 0) return new Map();
  const rows = await db.getRepository(ProcedureEntity).find({ select: { code: true, processKey: true, agency: true, status: true }, where: { processKey: In(processKeys) } });
  return new Map(rows.map((r) => [r.processKey, { agency: r.agency, status: r.status }]));
}

/** The deployed versions of the process that runs a procedure, newest first. */
export async function listProcedureVersions(db: Db, processKey: string): Promise<ProcedureVersionView[]> {
  const rows = await db
    .getRepository(ProcessDefinitionEntity)
    .createQueryBuilder('d')
    .select(['d.id', 'd.version', 'd.deployedBy', 'd.deployedAt'])
    .where('d.process_key = :processKey', { processKey })
    .orderBy('d.version', 'DESC')
    .getMany();
  return rows.map((d) => ({ version: d.version, definitionId: d.id, deployedAt: d.deployedAt.toISOString(), deployedBy: d.deployedBy ?? '' }));
}

/** The catalog fields of an entry (entity or incoming file), without bookkeeping columns. */
export function toProcedureView(p: ProcedureEntry): ProcedureView {
  return {
    code: p.code,
    processKey: p.processKey,
    name: p.name,
    agency: p.agency,
    field: p.field,
    level: p.level,
    onlineLevel: p.onlineLevel ?? 'partial',
    status: p.status ?? 'published',
    statutoryDays: p.statutoryDays,
    cutoff: p.cutoff,
    fees: p.fees,
    components: p.components,
    resultDocuments: p.resultDocuments,
    legalBasis: p.legalBasis,
  };
}
