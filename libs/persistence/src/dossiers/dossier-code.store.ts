import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/transaction.util';

/** Viet Nam has one time zone and no daylight saving: UTC+7 all year. */
const VN_OFFSET_MS = 7 * 3600_000;

/** `YYMMDD` of an instant in Asia/Ho_Chi_Minh. */
export function vietnamDay(at: Date): string {
  const d = new Date(at.getTime() + VN_OFFSET_MS);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(d.getUTCFullYear() % 100)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`;
}

/**
 * The unit part of a dossier code: unit codes repeat across agencies (every agency has
 * its MOTCUA), so the code carries both, `<agency>.<unit>` (e.g. `STP.MOTCUA`).
 */
export function dossierCodeUnit(agencyCode: string, unitCode: string): string {
  return `${agencyCode}.${unitCode}`;
}

export const DOSSIER_CODE_PATTERN = /^[A-Za-z0-9._]+-\d{6}-\d{4,}$/;

export class InvalidDossierUnitError extends Error {
  constructor(unit: string) {
    super(`"${unit}" cannot start a dossier code (letters, digits, "." and "_" only)`);
    this.name = 'InvalidDossierUnitError';
  }
}

function nextNumberSql(pg: boolean): string {
  const [a, b] = pg ? ['$1', '$2'] : ['?', '?'];
  return `INSERT INTO dossier_code_sequences (unit_code, day, last) VALUES (${a}, ${b}, 1)
       ON CONFLICT (unit_code, day) DO UPDATE SET last = dossier_code_sequences.last + 1 RETURNING last`;
}

function codeOf(unitCode: string, day: string, rows: Array<{ last: number | string }>): string {
  const n = Number(rows[0]?.last);
  if (!Number.isInteger(n) || n < 1) throw new Error('dossier code sequence returned no number');
  return `${unitCode}-${day}-${String(n).padStart(4, '0')}`;
}

function checkUnit(unitCode: string): void {
  if (!/^[A-Za-z0-9._]{1,40}$/.test(unitCode)) throw new InvalidDossierUnitError(unitCode);
}

/**
 * Issues the next dossier code of a unit for the receipt day: `<unit>-YYMMDD-NNNN`
 * (domain.md §2), NNNN from 0001, reset daily (Asia/Ho_Chi_Minh), widening past 9999
 * rather than failing. One UPSERT … RETURNING on both engines inside the caller's transaction:
 * on PostgreSQL the row lock it takes is held until that transaction ends, so concurrent
 * issuers of one unit and day queue and each gets the next number; on SQLite writers are already
 * serialised (BEGIN IMMEDIATE). A rolled-back transaction gives its number back.
 * The step guard takes its numbers with `reserveDossierCode` instead (docs/dossiers.md "Dossier codes").
 */
export async function issueDossierCode(m: EntityManager, unitCode: string, receivedAt: Date): Promise<string> {
  checkUnit(unitCode);
  const day = vietnamDay(receivedAt);
  return codeOf(unitCode, day, (await m.query(nextNumberSql(m.connection.options.type === 'postgres'), [unitCode, day])) as Array<{ last: number | string }>);
}

/**
 * Takes the next dossier code of a unit in a transaction of its own (PostgreSQL: one autocommit
 * statement), before the caller's long transaction begins — so the sequence row is locked for one
 * statement, not until a receipt has been rendered, sealed and stored (W2, session 9: every receive
 * of a unit queued behind the one holding the row, p50 0.3 s). Codes still never collide; the price
 * is that a number taken by a receive that then fails (its transaction rolled back) is skipped, not
 * given back. Call it without holding a connection of the pool (no nested acquisition).
 */
export async function reserveDossierCode(ds: DataSource, unitCode: string, receivedAt: Date): Promise<string> {
  checkUnit(unitCode);
  const day = vietnamDay(receivedAt);
  const pg = ds.options.type === 'postgres';
  const rows = pg ? await ds.query(nextNumberSql(true), [unitCode, day]) : await inTransaction(ds, (m) => m.query(nextNumberSql(false), [unitCode, day]));
  return codeOf(unitCode, day, rows as Array<{ last: number | string }>);
}
