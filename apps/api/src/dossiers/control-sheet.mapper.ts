import type { DossierEntity, DossierEventEntity } from '@tthc/persistence';

export interface HandOverRow {
  agency: string;
  handedOverAt: Date;
  giver: string;
  receiver: string;
  result?: 'early' | 'on-time' | 'late';
  note?: string;
}

export interface Directory {
  /** full name of a username (the username itself when unknown) */
  person(username: string): string;
  /** name of a unit code of the dossier's agency (the agency name when absent) */
  unit(code: string | null): string;
}

const OUTCOMES = new Set(['early', 'on-time', 'late']);

/**
 * The Phiếu kiểm soát rows from the dossier's event log (domain.md §5: one immutable row
 * per hand-over). The applicant hands the dossier to the officer who completed the first
 * step; each `step.completed` event then hands it from its officer to the officer of the
 * next one (the applicant again after the last step of a returned or refused dossier;
 * blank while the next step is still open), with the step's result early / on-time / late.
 */
export function controlSheetRows(d: DossierEntity, events: DossierEventEntity[], dir: Directory): HandOverRow[] {
  const steps = events.filter((e) => e.kind === 'step.completed');
  if (steps.length === 0) return [];
  const finished = d.status === 10 || d.status === 3;
  const rows: HandOverRow[] = [
    // the receipt itself: late only when an online dossier was not received within 8 working hours
    { agency: dir.unit(d.receivingUnit), handedOverAt: d.receivedAt ?? d.submittedAt, giver: d.applicantName, receiver: dir.person(steps[0].actor), result: d.lateReceipt ? 'late' : 'on-time', note: 'Nộp hồ sơ' },
  ];
  steps.forEach((e, i) => {
    const next = steps[i + 1];
    const outcome = e.payload.outcome;
    const taskName = e.payload.taskName;
    rows.push({
      agency: dir.unit(e.unit),
      handedOverAt: e.at,
      giver: dir.person(e.actor),
      receiver: next ? dir.person(next.actor) : finished ? d.applicantName : '…',
      ...(typeof outcome === 'string' && OUTCOMES.has(outcome) ? { result: outcome as HandOverRow['result'] } : {}),
      ...(typeof taskName === 'string' && taskName.trim() ? { note: taskName } : {}),
    });
  });
  return rows;
}
