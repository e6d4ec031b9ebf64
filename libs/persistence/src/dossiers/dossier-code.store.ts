import type { EntityManager } from 'typeorm';

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

/**
 * Issues the next dossier code of a unit for the receipt day: `<unit>-YYMMDD-NNNN`
 * (domain.md §2), NNNN from 0001, reset daily (Asia/Ho_Chi_Minh), widening past 9999
 * rather than failing. One UPSERT … RETURNING on both engines: on PostgreSQL the row
 * lock it takes is held until the caller's transaction ends, so concurrent issuers of
 * one unit and day queue and each gets the next number; on SQLite writers are already
 * serialised (BEGIN IMMEDIATE). A rolled-back transaction gives its number back, so the
 * codes of committed dossiers are consecutive.
 */
export async function issueDossierCode(m: EntityManager, unitCode: string, receivedAt: Date): Promise<string> {
  if (!/^[A-Za-z0-9._]{1,40}$/.test(unitCode)) throw new InvalidDossierUnitError(unitCode);
  const day = vietnamDay(receivedAt);
  const pg = m.connection.options.type === 'postgres';
  const sql = pg
    ? `INSERT INTO dossier_code_sequences (unit_code, day, last) VALUES ($1, $2, 1)
       ON CONFLICT (unit_code, day) DO UPDATE SET last = dossier_code_sequences.last + 1 RETURNING last`
    : `INSERT INTO dossier_code_sequences (unit_code, day, last) VALUES (?, ?, 1)
       ON CONFLICT (unit_code, day) DO UPDATE SET last = dossier_code_sequences.last + 1 RETURNING last`;
  const rows = (await m.query(sql, [unitCode, day])) as Array<{ last: number | string }>;
  const n = Number(rows[0]?.last);
  if (!Number.isInteger(n) || n < 1) throw new Error('dossier code sequence returned no number');
  return `${unitCode}-${day}-${String(n).padStart(4, '0')}`;
}
