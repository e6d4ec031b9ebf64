import { AgencyEntity, ProcedureEntity, UnitEntity } from '@tthc/persistence';
import type { EntityManager } from 'typeorm';

/**
 * The agency, unit and procedure rows one step guard reads, each read once per guard transaction:
 * the officer's unit name, the receipt's statutory days and the notice's header asked for the same
 * rows again (W2, session 8: ≈ 2.5 reads per notice). Only within one transaction `m`, so a row
 * changed by an administrator is seen by the next guard as before.
 */
export interface ReferenceRows {
  agency(code: string): Promise<AgencyEntity | null>;
  unit(agency: string, code: string): Promise<UnitEntity | null>;
  procedure(code: string): Promise<ProcedureEntity | null>;
}

/** rows already read in this transaction (the guard's opening read joins the agency and the receiving unit) */
export interface KnownReferenceRows {
  agency?: { code: string; row: AgencyEntity | null };
  unit?: { agency: string; code: string; row: UnitEntity | null };
}

export function referenceRows(m: EntityManager, known: KnownReferenceRows = {}): ReferenceRows {
  const memo = new Map<string, Promise<unknown>>();
  if (known.agency) memo.set(`a\u0000${known.agency.code}`, Promise.resolve(known.agency.row));
  if (known.unit) memo.set(`u\u0000${known.unit.agency}\u0000${known.unit.code}`, Promise.resolve(known.unit.row));
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      memo.set(key, p);
    }
    return p;
  };
  return {
    agency: (code) => once(`a\u0000${code}`, () => m.getRepository(AgencyEntity).findOneBy({ code })),
    unit: (agency, code) => once(`u\u0000${agency}\u0000${code}`, () => m.getRepository(UnitEntity).findOneBy({ agency, code })),
    procedure: (code) => once(`p\u0000${code}`, () => m.getRepository(ProcedureEntity).findOneBy({ code })),
  };
}
