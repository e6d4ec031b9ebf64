import type { ExecutableGraph } from '@tthc/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/hash.util';
import { insertRow } from '../common/insert-row.util';
import { inTransaction } from '../common/transaction.util';
import { ProcessDefinitionEntity } from './process-definition.entity';

export interface NewDefinition {
  key: string;
  name?: string | null;
  xml: string;
  graph: ExecutableGraph;
  deployedBy?: string | null;
  deployedAt?: Date;
}

export interface StoredDefinition {
  id: string;
  key: string;
  version: number;
  hash: string;
  /** false when the latest version already had this exact graph (nothing stored) */
  created: boolean;
}

/** sha-256 of the canonical JSON of a compiled graph: the pinned identity of a version. */
export function graphHash(graph: ExecutableGraph): string {
  return sha256Hex(canonicalJson(graph));
}

/**
 * Stores a new version of `key` unless the latest version has the same graph hash.
 * Versions count 1, 2, 3… per key; the unique (key, version) index makes a concurrent
 * deployment of the same key fail and retry rather than produce two "version 3".
 */
export async function saveDefinition(ds: DataSource, d: NewDefinition): Promise<StoredDefinition> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(ds, (m) => saveDefinitionIn(m, d));
    } catch (err) {
      if (attempt >= 5 || !isUniqueViolation(err)) throw err;
    }
  }
}

/** saveDefinition inside the caller's transaction (the caller retries on a unique violation). */
export async function saveDefinitionIn(m: EntityManager, d: NewDefinition): Promise<StoredDefinition> {
  const hash = graphHash(d.graph);
  const latest = await m.getRepository(ProcessDefinitionEntity).findOne({
    select: { id: true, version: true, hash: true },
    where: { key: d.key },
    order: { version: 'DESC' },
  });
  if (latest && latest.hash === hash) {
    return { id: latest.id, key: d.key, version: latest.version, hash, created: false };
  }
  const row: ProcessDefinitionEntity = {
    id: randomUUID(),
    key: d.key,
    version: (latest?.version ?? 0) + 1,
    name: d.name ?? null,
    xml: d.xml,
    graph: d.graph,
    hash,
    deployedBy: d.deployedBy ?? null,
    deployedAt: d.deployedAt ?? new Date(),
  };
  await m.insert(ProcessDefinitionEntity, insertRow(row));
  return { id: row.id, key: row.key, version: row.version, hash, created: true };
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The given version, or the latest one when `version` is absent (also inside a transaction). */
export async function getDefinition(ds: DataSource | EntityManager, key: string, version?: number): Promise<ProcessDefinitionEntity | null> {
  const repo = ds.getRepository(ProcessDefinitionEntity);
  if (version !== undefined) return repo.findOneBy({ key, version });
  return repo.findOne({ where: { key }, order: { version: 'DESC' } });
}

export async function getDefinitionById(ds: DataSource, id: string): Promise<ProcessDefinitionEntity | null> {
  return ds.getRepository(ProcessDefinitionEntity).findOneBy({ id });
}

export type DefinitionSummary = Omit<ProcessDefinitionEntity, 'xml' | 'graph'>;

/** Every version (without xml/graph), by key then version; `latestOnly` keeps the newest per key. */
export async function listDefinitions(
  ds: DataSource,
  opts: { key?: string; latestOnly?: boolean } = {},
): Promise<DefinitionSummary[]> {
  const qb = ds
    .getRepository(ProcessDefinitionEntity)
    .createQueryBuilder('d')
    .select(['d.id', 'd.key', 'd.version', 'd.name', 'd.hash', 'd.deployedBy', 'd.deployedAt'])
    .orderBy('d.process_key', 'ASC')
    .addOrderBy('d.version', 'ASC');
  if (opts.key) qb.andWhere('d.process_key = :key', { key: opts.key });
  if (opts.latestOnly) {
    qb.andWhere('d.version = (SELECT MAX(d2.version) FROM process_definitions d2 WHERE d2.process_key = d.process_key)');
  }
  return qb.getMany();
}

/**
 * The agency each of these process keys is deployed for (`graph.tthc.agency` of its latest
 * version; null = shared by every agency). Unknown keys are absent from the map. A key never
 * changes agency once deployed (the deployment refuses it), so callers may keep the answer.
 */
export async function processAgencies(ds: DataSource, keys: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  if (keys.length === 0) return out;
  const rows = await ds
    .getRepository(ProcessDefinitionEntity)
    .createQueryBuilder('d')
    .select(['d.id', 'd.key', 'd.graph'])
    .where('d.process_key IN (:...keys)', { keys })
    .andWhere('d.version = (SELECT MAX(d2.version) FROM process_definitions d2 WHERE d2.process_key = d.process_key)')
    .getMany();
  for (const r of rows) out.set(r.key, r.graph.tthc?.agency ?? null);
  return out;
}

/** The process keys with a version whose graph names this stored form (pinned `graph.forms` or a `sha256:` key). */
export async function processKeysUsingForm(ds: DataSource, hash: string): Promise<string[]> {
  if (!/^[0-9a-f]{64}$/.test(hash)) return [];
  const rows = await ds
    .getRepository(ProcessDefinitionEntity)
    .createQueryBuilder('d')
    .select('DISTINCT d.process_key', 'key')
    .where('d.graph LIKE :pattern', { pattern: `%${hash}%` })
    .getRawMany<{ key: string }>();
  return rows.map((r) => r.key);
}
