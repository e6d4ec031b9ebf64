import type { ProcedureView } from '@tthc/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { insertRow } from '../common/insert-row.util';
import { inTransaction } from '../common/transaction.util';
import { ProcedureEntity } from './procedure.entity';

type Db = DataSource | EntityManager;

/**
 * Writes a catalog entry (by national code). An entry whose content is unchanged is left
 * alone; a process key already used by another code is refused (one process per procedure).
 */
export async function upsertProcedure(ds: DataSource, p: ProcedureView, at = new Date()): Promise<{ changed: boolean }> {
  const sourceHash = sha256Hex(canonicalJson(p));
  return inTransaction(ds, async (m) => {
    const repo = m.getRepository(ProcedureEntity);
    const existing = await repo.findOneBy({ code: p.code });
    if (existing?.sourceHash === sourceHash) return { changed: false };
    const other = await repo.findOneBy({ processKey: p.processKey });
    if (other && other.code !== p.code) throw new Error(`process ${p.processKey} already runs procedure ${other.code}`);
    const row: ProcedureEntity = { ...toProcedureView(p), sourceHash, updatedAt: at };
    if (existing) await repo.update({ code: p.code }, insertRow(row));
    else await repo.insert(insertRow(row));
    return { changed: true };
  });
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

/** The catalog fields of an entry (entity or incoming file), without bookkeeping columns. */
export function toProcedureView(p: ProcedureView): ProcedureView {
  return {
    code: p.code,
    processKey: p.processKey,
    name: p.name,
    agency: p.agency,
    field: p.field,
    level: p.level,
    statutoryDays: p.statutoryDays,
    cutoff: p.cutoff,
    fees: p.fees,
    components: p.components,
    resultDocuments: p.resultDocuments,
    legalBasis: p.legalBasis,
  };
}
