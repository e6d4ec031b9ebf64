/**
 * The electronic Phiếu kiểm soát from plain rows (the mapper is pure): receiver and the time
 * they took the dossier, the step's due date, the engine's verdict, the reasons given in the
 * step, and the documents each step produced.
 */
import type { DocumentEntity, DossierEntity, DossierEventEntity, TaskEntity } from '@tthc/persistence';
import { timelineRows } from '../dossier-timeline.mapper';

const at = (s: string) => new Date(`2026-12-0${s}:00.000Z`);
const ev = (seq: number, kind: string, actor: string, when: string, payload: Record<string, unknown>) =>
  ({ seq, kind, actor, unit: actor === 'hctp' ? 'HCTP' : 'MOTCUA', at: at(when), payload }) as unknown as DossierEventEntity;
const doc = (id: string, when: string, signed = false) =>
  ({ id, name: `${id}.pdf`, kind: 'result', form: null, resultCode: null, sha256: 'x', version: signed ? 2 : 1, isCurrent: true, uploadedAt: at(when), uploadedBy: 'officer', signatureSummary: { count: signed ? 1 : 0, valid: signed, lastVerifiedAt: null } }) as unknown as DocumentEntity;

const dossier = {
  id: 'd',
  status: 10,
  applicantName: 'Phạm Thị Hoa',
  receivingUnit: 'MOTCUA',
  submittedAt: at('1T01:00'),
  receivedAt: at('2T02:00'),
  lateReceipt: true,
  dueAt: at('4T10:00'),
  returnedAt: at('3T09:00'),
  finishedAt: at('3T08:30'),
} as unknown as DossierEntity;

const events = [
  ev(1, 'dossier.created', 'portal', '1T01:00', {}),
  ev(2, 'receipt.late', 'officer', '2T02:00', { limit: '2026-12-01T10:00:00.000Z' }),
  ev(3, 'step.completed', 'officer', '2T02:00', { step: 'receive', taskId: 't1', taskName: 'Tiếp nhận', outcome: 'on-time' }),
  ev(4, 'clock.paused', 'hctp', '2T05:00', { step: 'supplement', taskId: 't2', reason: 'Bản sao bị mờ' }),
  ev(5, 'step.completed', 'hctp', '2T05:00', { step: 'review', taskId: 't2', taskName: 'Đối chiếu', outcome: 'late' }),
  ev(6, 'step.completed', 'officer', '3T08:00', { step: 'return', taskId: 't3', taskName: 'Trả kết quả', outcome: 'early' }),
];
const tasks = [
  { id: 't1', createdAt: at('1T01:00'), claimedAt: at('2T01:30'), dueAt: at('2T01:50') },
  { id: 't2', createdAt: at('2T02:00'), claimedAt: at('2T03:00'), dueAt: at('2T04:00') },
  { id: 't3', createdAt: at('2T05:00'), claimedAt: null, dueAt: null },
] as unknown as TaskEntity[];
const docs = [doc('scan', '2T01:59'), doc('result', '2T04:30'), doc('result-signed', '2T04:40', true)];
const dir = { person: (u: string) => ({ officer: 'Nguyễn Thị Cán Bộ', hctp: 'Lê Văn Tư Pháp' })[u] ?? u, unit: (c: string | null) => (c === 'HCTP' ? 'Phòng Hành chính tư pháp' : 'Bộ phận Một cửa'), agencyName: 'Sở Tư pháp' };

it('lists the submission and one row per completed step, as the engine judged them', () => {
  const rows = timelineRows(dossier, events, tasks, docs, dir);
  expect(rows.map((r) => [r.seq, r.giver, r.receiver, r.result])).toEqual([
    [1, 'Phạm Thị Hoa', 'Nguyễn Thị Cán Bộ', 'late'],
    [2, 'Nguyễn Thị Cán Bộ', 'Lê Văn Tư Pháp', 'on-time'],
    [3, 'Lê Văn Tư Pháp', 'Nguyễn Thị Cán Bộ', 'late'],
    [4, 'Nguyễn Thị Cán Bộ', 'Phạm Thị Hoa', 'early'],
  ]);
  // the late submission: due at the 8-working-hour limit, received at the receipt
  expect(rows[0]).toMatchObject({ step: 'submit', dueAt: '2026-12-01T10:00:00.000Z', givenAt: '2026-12-01T01:00:00.000Z', receivedAt: '2026-12-02T02:00:00.000Z', unit: 'Bộ phận Một cửa' });
  expect(rows[0].note).toMatch(/8 giờ làm việc/);
  // received when the next step's task was claimed; the step's own task due
  expect(rows[1]).toMatchObject({ receivedAt: '2026-12-02T03:00:00.000Z', dueAt: '2026-12-02T01:50:00.000Z', stepName: 'Tiếp nhận' });
  // not claimed: received when the task opened; the reason given in the step is the note; the unit of the giver
  expect(rows[2]).toMatchObject({ receivedAt: '2026-12-02T05:00:00.000Z', note: 'Bản sao bị mờ', unit: 'Phòng Hành chính tư pháp', dueAt: '2026-12-02T04:00:00.000Z' });
  // the last hand-over goes back to the applicant when the result was returned; a task without due falls back to the appointment
  expect(rows[3]).toMatchObject({ receivedAt: '2026-12-03T09:00:00.000Z', dueAt: '2026-12-04T10:00:00.000Z' });
  // documents produced in each step, with their signature status
  expect(rows[1].documents.map((d) => d.id)).toEqual(['scan']);
  expect(rows[2].documents.map((d) => [d.id, d.signatures])).toEqual([
    ['result', null],
    ['result-signed', { count: 1, valid: true }],
  ]);
  expect(rows[3].documents).toEqual([]);
});

it('has no row before the receipt, and an open next step is received by nobody yet', () => {
  expect(timelineRows(dossier, events.slice(0, 2), tasks, docs, dir)).toEqual([]);
  const open = timelineRows({ ...dossier, status: 4 } as DossierEntity, events.slice(0, 5), tasks, docs, dir);
  expect(open[open.length - 1]).toMatchObject({ receiver: '…', receivedAt: null });
});
