import type { WorkingCalendar } from '@tthc/calendar';
import type { DossierStatus, GuardStepInput } from '@tthc/contracts';
import { appendToLocked, changeLockedDossierStatus, dossierCodeUnit, DossierEntity, issueDossierCode, UserEntity, type DossierEventInput } from '@tthc/persistence';
import type { EntityManager } from 'typeorm';
import type { DossierStepDeps } from './dossier-step.deps';
import { referenceRows, type ReferenceRows } from './reference-rows';
import type { SignatureCheck } from './signature-check';

export interface Officer {
  username: string;
  fullName: string;
  /** chức danh: ChucDanh of the progress records of the officer's steps */
  title: string;
  agency: string | null;
  units: string[];
  /** the unit the officer acts for in this dossier (its name for the progress record) */
  unit: string | null;
  unitName: string;
}

/** Everything a step rule works with, inside the guard's one transaction. */
export interface StepContext {
  m: EntityManager;
  deps: DossierStepDeps;
  input: GuardStepInput;
  at: Date;
  officer: Officer;
  cal: WorkingCalendar;
  /** signatures verified before the transaction (sign / return) */
  signatures?: SignatureCheck;
  /** agency, unit and procedure rows, read once in this transaction */
  refs: ReferenceRows;
  /** the dossier row as it is now (a copy: later changes do not show in it) */
  dossier(): Promise<DossierEntity>;
  /** appends one event to the dossier's chain (actor = the officer) */
  event(kind: string, payload: Record<string, unknown>): Promise<void>;
  /** one status transition = one status event + one national progress record + its outbox row */
  status(to: DossierStatus, content: string, details?: Record<string, unknown>): Promise<void>;
  /** updates columns of the dossier row (version + 1) */
  update(patch: Partial<DossierEntity>): Promise<void>;
  /** a new dossier code of the receiving unit: the one the guard reserved before its transaction, else issued in it */
  newCode(): Promise<string>;
}

export async function loadOfficer(m: EntityManager, username: string, dossier: DossierEntity, refs: ReferenceRows = referenceRows(m), known?: UserEntity | null): Promise<Officer | null> {
  // `known`: the user row already read in this transaction (null: none), else read here
  const user = known !== undefined ? known : await m.getRepository(UserEntity).findOneBy({ username });
  if (!user || !user.active) return null;
  // the unit the officer acts for: the receiving unit when it is theirs, else their first unit in the dossier's agency
  const unit = user.agency === dossier.agency ? (user.units.includes(dossier.receivingUnit) ? dossier.receivingUnit : (user.units[0] ?? null)) : null;
  const unitRow = unit ? await refs.unit(dossier.agency, unit) : null;
  const agencyRow = await refs.agency(dossier.agency);
  return {
    username: user.username,
    fullName: user.fullName,
    title: user.title?.trim() || OFFICER_TITLE,
    agency: user.agency,
    units: user.units,
    unit,
    unitName: unitRow?.name ?? agencyRow?.name ?? dossier.agency,
  };
}

/**
 * The step's context over `locked`, the dossier row the guard read with `lockDossier` in this
 * transaction: the row is locked until the transaction ends and the step changes it only through
 * this context, so the context keeps it current in memory instead of reading it again for every
 * `dossier()`, event and update (W2 profile, session 6: seven reads of the row per completion).
 */
export function createStepContext(args: {
  m: EntityManager;
  deps: DossierStepDeps;
  input: GuardStepInput;
  officer: Officer;
  cal: WorkingCalendar;
  locked: DossierEntity;
  signatures?: SignatureCheck;
  /** the rows loadOfficer read (default: a memo of its own) */
  refs?: ReferenceRows;
  /** a code taken with reserveDossierCode before the transaction (receive / refuse of a dossier without one) */
  reservedCode?: string;
}): StepContext {
  const { m, input, officer, locked, refs = referenceRows(m), reservedCode, ...rest } = args;
  let current = locked;
  const at = new Date(input.at);
  const base = (kind: string, payload: Record<string, unknown>): DossierEventInput => ({
    kind,
    actor: officer.username,
    unit: officer.unit,
    at,
    payload: { step: input.step, taskId: input.taskId, ...payload },
  });
  return {
    ...rest,
    m,
    input,
    officer,
    at,
    refs,
    dossier: async () => Object.assign(new DossierEntity(), current),
    async event(kind, payload) {
      // moves the chain head on `current` too
      await appendToLocked(m, current, base(kind, payload));
    },
    async status(to, content, details = {}) {
      // over the locked row the context keeps current: no second read of it (W2, session 8)
      ({ dossier: current } = await changeLockedDossierStatus(
        m,
        current,
        to,
        {
          actor: officer.username,
          handler: officer.fullName,
          handlerTitle: officer.title,
          unitName: officer.unitName,
          unit: officer.unit,
          content,
          details: { step: input.step, taskId: input.taskId, ...details },
        },
        at,
      ));
    },
    async update(patch) {
      const changed = { ...patch, version: current.version + 1 };
      await m.getRepository(DossierEntity).update({ id: input.dossierId }, changed);
      current = Object.assign(new DossierEntity(), current, changed);
    },
    newCode: async () => reservedCode ?? issueDossierCode(m, dossierCodeUnit(current.agency, current.receivingUnit), at),
  };
}

/** ChucDanh of the progress record for a user whose title (chức danh) is not recorded */
export const OFFICER_TITLE = 'Cán bộ';
