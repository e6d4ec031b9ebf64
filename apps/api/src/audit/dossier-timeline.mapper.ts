import type { AuditDocumentView, HandOverResult, HandOverView } from '@tthc/contracts';
import type { DocumentEntity, DossierEntity, DossierEventEntity, TaskEntity } from '@tthc/persistence';

export interface TimelineDirectory {
  /** full name of a username (the username itself when unknown) */
  person(username: string): string;
  /** name of a unit code of the dossier's agency (null when unknown) */
  unit(code: string | null): string | null;
  agencyName: string;
}

const OUTCOMES = new Set<HandOverResult>(['early', 'on-time', 'late']);
const SUBMIT = 'Nộp hồ sơ';

export function toAuditDocument(d: DocumentEntity): AuditDocumentView {
  const s = d.signatureSummary;
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    form: d.form ?? null,
    resultCode: d.resultCode ?? null,
    sha256: d.sha256,
    version: d.version,
    current: d.isCurrent,
    uploadedAt: d.uploadedAt.toISOString(),
    uploadedBy: d.uploadedBy,
    signatures: s && s.count > 0 ? { count: s.count, valid: s.valid } : null,
  };
}

/**
 * The electronic Phiếu kiểm soát (domain.md §5) from the dossier's event log, its task rows and
 * its documents — the same hand-overs as the printed control sheet (control-sheet.mapper.ts),
 * with what the printed form has no room for: when the receiver took the dossier, the step, its
 * due date, the notes and the documents each step produced with their signature status.
 *
 * Row 1: the applicant hands the dossier to the officer who received it (due: the 8-working-hour
 * receipt limit of an online dossier; late when the engine flagged `receipt.late`). Then one row per
 * `step.completed` event: its officer hands over to the officer of the next step (who received it
 * when they claimed that step's task, else when it opened), or to the applicant after the last
 * step of a returned or refused dossier. The result is the engine's own verdict, written into the
 * event when the step completed (early / on-time / late in working time against the task's due
 * date, else the dossier's appointment).
 */
export function timelineRows(d: DossierEntity, events: DossierEventEntity[], tasks: TaskEntity[], documents: DocumentEntity[], dir: TimelineDirectory): HandOverView[] {
  const steps = events.filter((e) => e.kind === 'step.completed');
  if (steps.length === 0) return [];
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const taskOf = (e: DossierEventEntity) => taskById.get(String(e.payload.taskId ?? ''));
  const finished = d.status === 10 || d.status === 3;
  const late = events.find((e) => e.kind === 'receipt.late');
  const docsIn = (from: number, to: number) =>
    documents.filter((doc) => doc.uploadedAt.getTime() > from && doc.uploadedAt.getTime() <= to).map(toAuditDocument);
  const received = (next: DossierEventEntity | undefined): string | null => {
    if (!next) return finished ? (d.returnedAt ?? d.finishedAt)?.toISOString() ?? null : null;
    const t = taskOf(next);
    return (t?.claimedAt ?? t?.createdAt)?.toISOString() ?? null;
  };
  const first = steps[0];
  const firstTask = taskOf(first);
  const rows: HandOverView[] = [
    {
      seq: 1,
      agency: dir.agencyName,
      unit: dir.unit(d.receivingUnit),
      givenAt: d.submittedAt.toISOString(),
      receivedAt: (d.receivedAt ?? firstTask?.claimedAt ?? first.at).toISOString(),
      giver: d.applicantName,
      receiver: dir.person(first.actor),
      step: 'submit',
      stepName: SUBMIT,
      dueAt: typeof late?.payload.limit === 'string' ? late.payload.limit : null,
      result: d.lateReceipt ? 'late' : 'on-time',
      note: late ? `Tiếp nhận quá 8 giờ làm việc sau khi nộp trực tuyến` : null,
      documents: docsIn(Number.NEGATIVE_INFINITY, d.submittedAt.getTime()),
    },
  ];
  steps.forEach((e, i) => {
    const next = steps[i + 1];
    const task = taskOf(e);
    const outcome = e.payload.outcome as HandOverResult | undefined;
    const taskName = typeof e.payload.taskName === 'string' && e.payload.taskName.trim() ? e.payload.taskName : null;
    const taskId = e.payload.taskId;
    // the reasons the officer gave in this step (supplement, refusal, apology)
    const reasons = events
      .filter((x) => x !== e && x.payload.taskId === taskId && typeof x.payload.reason === 'string')
      .map((x) => String(x.payload.reason));
    const prevAt = i === 0 ? d.submittedAt.getTime() : steps[i - 1].at.getTime();
    rows.push({
      seq: i + 2,
      agency: dir.agencyName,
      unit: dir.unit(e.unit),
      givenAt: e.at.toISOString(),
      receivedAt: received(next),
      giver: dir.person(e.actor),
      receiver: next ? dir.person(next.actor) : finished ? d.applicantName : '…',
      step: typeof e.payload.step === 'string' ? e.payload.step : null,
      stepName: taskName,
      dueAt: (task?.dueAt ?? d.dueAt)?.toISOString() ?? null,
      result: outcome && OUTCOMES.has(outcome) ? outcome : null,
      note: reasons.length ? reasons.join('; ') : null,
      documents: docsIn(prevAt, e.at.getTime()),
    });
  });
  return rows;
}
