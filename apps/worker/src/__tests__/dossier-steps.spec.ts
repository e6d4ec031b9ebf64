/**
 * The step guard on the real stack of the worker: a Temporal dev server, the real worker,
 * a real database, real PDFs (libs/documents) and real signatures (libs/signing, dev PKI).
 * Completions go through the direct Temporal update (`completeTask`), bypassing the API:
 * the engine itself enforces the one-stop steps.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { COMPLETE_TASK_UPDATE, DELIVER_MESSAGE_SIGNAL, GET_TIMERS_QUERY, RESUBMISSION_MESSAGE, STEP_REFUSED_FAILURE, type CompleteTaskArgs, type CompleteTaskResult, type PendingTimerView, type ProcedureEntry, type StepRefusal } from '@tthc/contracts';
import {
  DocumentEntity,
  DossierEventEntity,
  ensureUser,
  upsertAgency,
  upsertProcedure,
  upsertUnit,
  DossierStepGuardEntity,
  insertNextVersion,
  listDossierProgress,
  type LocalBlobStore,
  removeCalendarOverride,
  TaskEntity,
  verifyDossierEvents,
} from '@tthc/persistence';
import type { DevPkiResult } from '@tthc/signing';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dossierStepDeps } from '../activities/dossier-steps';
import { apologyTimerOf } from '../activities/dossier-steps/apology-timer';
import { DOSSIER_SCENARIOS, holidayOnApologyDay } from '../replay/dossier-scenarios';
import { calendarFromSnapshot } from '@tthc/calendar';
import type { Deployed, ProcessHarness } from '../testing/process-harness';
import { bundleWorkflows } from '../worker/bundle-workflows';
import {
  completeTask,
  digitiseComponents,
  dossierRow,
  fileDossier,
  OFFICER,
  OTHER_UNIT_OFFICER,
  signAs,
  simplePdf,
  storeDocument,
  openDossierWorld,
  type DossierWorld,
  type RunningDossier,
} from '../testing/dossier-world';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

jest.setTimeout(120_000);

let world: DossierWorld;
let h: ProcessHarness;
let dir: string;
let pki: DevPkiResult;
let blobs: LocalBlobStore;
let def: Deployed;

beforeAll(async () => {
  // its own dev-server port: the shared one (17233) is queued for by every worker spec
  world = await openDossierWorld('dossier-steps', { port: 17291 });
  ({ h, dir, pki, blobs, def } = world);
}, 300_000);

afterAll(async () => {
  await world?.close();
});

const officerName = () => pki.signers.find((s) => s.role === 'officer')!.name;

async function refusalOf(p: Promise<unknown>): Promise<StepRefusal> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; details?: unknown[] };
  expect(cause.type).toBe(STEP_REFUSED_FAILURE);
  return cause.details![0] as StepRefusal;
}

async function events(dossierId: string): Promise<DossierEventEntity[]> {
  return h.ds.getRepository(DossierEventEntity).find({ where: { dossierId }, order: { seq: 'ASC' } });
}

async function receive(d: RunningDossier, variables: Record<string, unknown> = {}) {
  const task = await h.openTask(d.instanceId, 'Task_TiepNhan');
  expect(await completeTask(h, d, { taskId: task.id, by: OFFICER, variables })).toEqual({ taskId: task.id, completed: true });
  return dossierRow(h, d.dossierId);
}

async function complete(d: RunningDossier, elementId: string, variables: Record<string, unknown> = {}) {
  const task = await h.openTask(d.instanceId, elementId);
  return { task, result: await completeTask(h, d, { taskId: task.id, by: OFFICER, variables }) };
}

const pdfText = (bytes: Uint8Array): string => {
  const file = join(dir, `t-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describe('receive', () => {
  it('issues the code at the receipt instant, the appointment date, status 2 and the receipt PDF — once, even for two concurrent completions', async () => {
    const d = await fileDossier(h, def);
    const task = await h.openTask(d.instanceId, 'Task_TiepNhan');
    const before = Date.now();
    const [a, b] = await Promise.all([
      completeTask(h, d, { taskId: task.id, by: OFFICER, variables: {} }),
      completeTask(h, d, { taskId: task.id, by: OFFICER, variables: {} }),
    ]);
    expect([a.completed, b.completed].sort()).toEqual([false, true]);
    const row = await dossierRow(h, d.dossierId);
    expect(row.status).toBe(2);
    const yymmdd = new Date(row.receivedAt!.getTime() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, '');
    expect(row.code).toMatch(new RegExp(`^STP\\.MOTCUA-${yymmdd}-\\d{4}$`));
    expect(row.receivedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.dueAt!.getTime()).toBeGreaterThan(row.receivedAt!.getTime());
    expect(row.originalDueAt).toEqual(row.dueAt);
    // one transition 1 → 2, one progress record besides the submission's, one guard record, one receipt
    const progress = await listDossierProgress(h.ds, d.dossierId);
    expect(progress.map((p) => p.status)).toEqual([1, 2]);
    expect(await h.ds.getRepository(DossierStepGuardEntity).countBy({ taskId: task.id })).toBe(1);
    const receipts = await h.ds.getRepository(DocumentEntity).findBy({ dossierId: d.dossierId, form: 'receipt' });
    expect(receipts).toHaveLength(1);
    const pdf = await blobs.get(receipts[0].storageKey);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(row.code!);
    expect(text).toMatch(/GIẤY TIẾP NHẬN HỒ SƠ/);
    expect(text).toContain('Nguyễn Văn Bình');
    expect((await verifyDossierEvents(h.ds, d.dossierId)).ok).toBe(true);
    // an operator finds the run by its code
    const described = await h.client.workflow.getHandle(d.workflowId).describe();
    expect(described.searchAttributes.TthcDossierCode).toEqual([row.code]);
  });

  it('refuses an officer who is not of the receiving unit: typed error, task still open, nothing recorded', async () => {
    const d = await fileDossier(h, def);
    const task = await h.openTask(d.instanceId, 'Task_TiepNhan');
    const eventsBefore = (await events(d.dossierId)).length;
    const refusal = await refusalOf(completeTask(h, d, { taskId: task.id, by: OTHER_UNIT_OFFICER, variables: {} }));
    expect(refusal).toMatchObject({ code: 'DOSSIER_WRONG_UNIT', step: 'receive', taskId: task.id });
    expect(refusal.message).toMatch(/bộ phận tiếp nhận/);
    expect((await h.task(task.id))!.state).toBe('OPEN');
    expect((await events(d.dossierId)).length).toBe(eventsBefore);
    expect((await dossierRow(h, d.dossierId)).code).toBeNull();
    // the right officer then receives it
    expect((await receive(d)).status).toBe(2);
  });
});

describe('digitise → sign → return', () => {
  it('refuses each missing prerequisite and then runs 1 → 2 → 4 → 9 → 10 with one progress record per transition', async () => {
    const d = await fileDossier(h, def);
    const received = await receive(d);

    // digitise with the required components missing
    const digitise = await h.openTask(d.instanceId, 'Task_SoHoa');
    let eventCount = (await events(d.dossierId)).length;
    const missing = await refusalOf(completeTask(h, d, { taskId: digitise.id, by: OFFICER }));
    expect(missing.code).toBe('DOSSIER_COMPONENT_MISSING');
    expect(missing.items!.map((i) => i.name)).toEqual(['Bản chính giấy tờ, văn bản', 'Bản sao cần chứng thực']);
    expect((await h.task(digitise.id))!.state).toBe('OPEN');
    expect((await events(d.dossierId)).length).toBe(eventCount);
    await digitiseComponents(h, blobs, d);
    expect((await completeTask(h, d, { taskId: digitise.id, by: OFFICER })).completed).toBe(true);
    expect((await dossierRow(h, d.dossierId)).status).toBe(4);
    // a repeated completion records nothing twice
    eventCount = (await events(d.dossierId)).length;
    expect((await completeTask(h, d, { taskId: digitise.id, by: OFFICER })).completed).toBe(false);
    expect((await events(d.dossierId)).length).toBe(eventCount);

    await complete(d, 'Task_DoiChieu');
    await complete(d, 'Task_PheDuyet');
    await complete(d, 'Task_GhiSo');

    // sign: nothing to sign, then a result signed by someone else, then by the officer
    const sign = await h.openTask(d.instanceId, 'Task_KySo');
    expect((await refusalOf(completeTask(h, d, { taskId: sign.id, by: OFFICER }))).code).toBe('DOSSIER_NOTHING_TO_SIGN');
    const unsigned = await simplePdf('Ban sao chung thuc');
    const resultId = await storeDocument(h, blobs, d, unsigned, 'result', 'ban-sao-chung-thuc.pdf');
    expect((await refusalOf(completeTask(h, d, { taskId: sign.id, by: OFFICER }))).code).toBe('DOSSIER_RESULT_UNSIGNED');
    const otherSigner = pki.signers.find((s) => s.role === 'officer' && s.name !== officerName())!.name;
    const byOther = await signAs(pki, otherSigner, unsigned);
    const otherVersion = await storeVersion(d, resultId, byOther);
    expect((await refusalOf(completeTask(h, d, { taskId: sign.id, by: OFFICER }))).code).toBe('DOSSIER_SIGNER_MISMATCH');
    const signed = await signAs(pki, officerName(), byOther);
    const signedId = await storeVersion(d, otherVersion, signed);
    expect((await completeTask(h, d, { taskId: sign.id, by: OFFICER })).completed).toBe(true);

    // return: a second, unsigned result → refused; then that result tampered after signing → refused
    const ret = await h.openTask(d.instanceId, 'Task_TraKetQua');
    const extra = await storeDocument(h, blobs, d, await simplePdf('Phu luc'), 'result', 'phu-luc.pdf');
    eventCount = (await events(d.dossierId)).length;
    const unsignedRefusal = await refusalOf(completeTask(h, d, { taskId: ret.id, by: OFFICER }));
    expect(unsignedRefusal).toMatchObject({ code: 'DOSSIER_RESULT_UNSIGNED', items: [{ id: extra, name: 'phu-luc.pdf', problem: 'unsigned' }] });
    const extraSigned = await signAs(pki, officerName(), await simplePdf('Phu luc'));
    // one byte inside the signed range changed (in the binary comment of the header: the file still parses)
    const tampered = Buffer.from(extraSigned);
    const at = tampered.indexOf('\n%') + 2;
    expect(at).toBeLessThan(20);
    tampered[at] ^= 0x01;
    await storeVersion(d, extra, tampered);
    const tamperedRefusal = await refusalOf(completeTask(h, d, { taskId: ret.id, by: OFFICER }));
    expect(tamperedRefusal.code).toBe('DOSSIER_SIGNATURE_INVALID');
    expect((await h.task(ret.id))!.state).toBe('OPEN');
    expect((await events(d.dossierId)).length).toBe(eventCount);
    expect((await dossierRow(h, d.dossierId)).status).toBe(4);
    // the appendix properly signed: the return goes through
    const current = await h.ds.getRepository(DocumentEntity).findOneByOrFail({ dossierId: d.dossierId, name: 'phu-luc.pdf', isCurrent: true });
    await storeVersion(d, current.id, extraSigned);
    expect((await completeTask(h, d, { taskId: ret.id, by: OFFICER })).completed).toBe(true);

    const row = await dossierRow(h, d.dossierId);
    expect(row.status).toBe(10);
    expect(row.returnedAt).not.toBeNull();
    const progress = await listDossierProgress(h.ds, d.dossierId);
    expect(progress.map((p) => p.status)).toEqual([1, 2, 4, 9, 10]);
    const results = await h.ds.getRepository(DocumentEntity).find({ where: { dossierId: d.dossierId, kind: 'result', isCurrent: true }, order: { uploadedAt: 'ASC' } });
    expect(results.map((r) => r.resultCode).sort()).toEqual([`${received.code}-KQ1`, `${received.code}-KQ2`]);
    expect(results.find((r) => r.id === signedId)).toBeDefined();
    expect((await verifyDossierEvents(h.ds, d.dossierId)).ok).toBe(true);
    const kinds = (await events(d.dossierId)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'result.returned')).toHaveLength(1);
    // receive, digitise, review, approve, certify, sign, return: one hand-over each
    expect(kinds.filter((k) => k === 'step.completed')).toHaveLength(7);
    await h.waitFor('instance completed', async () => (await h.instance(d.instanceId))?.state === 'COMPLETED');
    // the dossier run (guards, refusals, search attribute, continue of the engine) replays deterministically
    const history = await h.client.workflow.getHandle(d.workflowId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), replayName: 'dossier-replay', dataConverter: TTHC_DATA_CONVERTER }, history, d.workflowId)).resolves.toBeUndefined();
  });
});

describe('supplement', () => {
  it('pauses the clock with Mẫu 02; the resubmission resumes it and moves dueAt by the paused working time', async () => {
    const d = await fileDossier(h, def);
    const received = await receive(d, { ketQuaKiemTra: 'bo-sung' });
    const task = await h.openTask(d.instanceId, 'Task_BoSung');
    expect((await refusalOf(completeTask(h, d, { taskId: task.id, by: OFFICER, variables: {} }))).code).toBe('DOSSIER_NOTICE_INCOMPLETE');
    expect((await completeTask(h, d, { taskId: task.id, by: OFFICER, variables: { reason: 'Bản sao bị mờ', missingItems: ['Bản sao rõ nét'] } })).completed).toBe(true);
    const paused = await dossierRow(h, d.dossierId);
    expect(paused.status).toBe(5);
    expect(paused.pausedAt).not.toBeNull();
    const notice = await h.ds.getRepository(DocumentEntity).findOneByOrFail({ dossierId: d.dossierId, form: 'supplement' });
    const text = pdfText(await blobs.get(notice.storageKey));
    expect(text).toContain('Bản sao bị mờ');
    expect(text).toContain('Bản sao rõ nét');

    await h.client.workflow.getHandle(d.workflowId).signal(DELIVER_MESSAGE_SIGNAL, { name: 'ho-so-bo-sung', correlationKey: received.code });
    const resumed = await h.waitFor('clock resumed', async () => {
      const r = await dossierRow(h, d.dossierId);
      return r.pausedAt === null && r.status === 2 ? r : null;
    });
    const ev = (await events(d.dossierId)).find((e) => e.kind === 'clock.resumed')!;
    const pausedMs = ev.payload.pausedWorkingMs as number;
    expect(resumed.pausedWorkingMs).toBe(pausedMs);
    const cal = await dossierStepDeps(h.ds).calendar();
    expect(resumed.dueAt!.getTime()).toBe(cal.addWorkingTimeMs(received.dueAt!.getTime(), pausedMs, { agency: 'STP' }));
    expect(resumed.originalDueAt).toEqual(received.originalDueAt);
    expect((await listDossierProgress(h.ds, d.dossierId)).map((p) => p.status)).toEqual([1, 2, 5, 2]);
    // the loop back to receive keeps the code
    expect((await receive(d)).code).toBe(received.code);
    // pause, resubmission (resume activity before the message) and the second receipt replay deterministically
    const history = await h.client.workflow.getHandle(d.workflowId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), replayName: 'dossier-replay', dataConverter: TTHC_DATA_CONVERTER }, history, d.workflowId)).resolves.toBeUndefined();
  });
});

describe('the engine\'s apology timer and the resubmission-only resume', () => {
  const apologyTimer = async (d: RunningDossier) =>
    (await h.client.workflow.getHandle(d.workflowId).query<PendingTimerView[]>(GET_TIMERS_QUERY)).find((t) => t.timerId === 'dossier-apology');
  const expected = async (dossierId: string) => apologyTimerOf(await dossierRow(h, dossierId), await dossierStepDeps(h.ds).calendar());

  it('arms the timer at receipt, stops it while paused; another message does not resume the clock, the resubmission does and re-arms it', async () => {
    const d = await fileDossier(h, def);
    expect(await apologyTimer(d)).toBeUndefined();
    const received = await receive(d, { ketQuaKiemTra: 'bo-sung' });
    // armed by the engine at due − 1 working day (half of this one-day procedure), though the BPMN draws no timer here
    const atReceipt = (await expected(d.dossierId))!;
    expect(atReceipt.dueAt).toBe(received.dueAt!.toISOString());
    expect(await apologyTimer(d)).toEqual({ timerId: 'dossier-apology', fireAt: atReceipt.remindAt, calendar: 'working' });
    await complete(d, 'Task_BoSung', { reason: 'Bản sao bị mờ', missingItems: ['Bản sao rõ nét'] });
    expect(await apologyTimer(d)).toBeUndefined();

    const handle = h.client.workflow.getHandle(d.workflowId);
    await handle.signal(DELIVER_MESSAGE_SIGNAL, { name: 'thong-bao-khac', correlationKey: received.code! });
    await handle.signal(DELIVER_MESSAGE_SIGNAL, { name: RESUBMISSION_MESSAGE, correlationKey: received.code! });
    const resumed = await h.waitFor('clock resumed', async () => {
      const r = await dossierRow(h, d.dossierId);
      return r.pausedAt === null && r.status === 2 ? r : null;
    });
    // resumed once, by the resubmission (before the patch the first message, whatever it was, resumed it)
    expect((await events(d.dossierId)).filter((e) => e.kind === 'clock.resumed').map((e) => e.payload.message)).toEqual([RESUBMISSION_MESSAGE]);
    const afterResume = (await expected(d.dossierId))!;
    expect(afterResume.dueAt).toBe(resumed.dueAt!.toISOString());
    await h.waitFor('timer re-armed', async () => (await apologyTimer(d))?.fireAt === afterResume.remindAt);
    // pause, both messages, resume and the timers replay deterministically
    const history = await handle.fetchHistory();
    await expect(Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), replayName: 'dossier-replay', dataConverter: TTHC_DATA_CONVERTER }, history, d.workflowId)).resolves.toBeUndefined();
  });

  it('cancels the timer when the dossier is returned', async () => {
    const d = await fileDossier(h, def);
    await DOSSIER_SCENARIOS.find((s) => s.name === 'dossier-golden-path')!.drive({ h, pki, blobs }, d);
    expect((await dossierRow(h, d.dossierId)).status).toBe(10);
    const history = await h.client.workflow.getHandle(d.workflowId).fetchHistory();
    // the receipt limit, the BPMN's boundary timer and the engine's apology timer: all started, all cancelled, none fired
    // (not counted: the 1 ms timer that gives the run's end a workflow task of its own — run-process.workflow.ts)
    const events = history.events ?? [];
    const hops = new Set(events.filter((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.nanos ?? 0) === 1_000_000 && !Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0)).map((e) => String(e.eventId)));
    const started = events.filter((e) => e.timerStartedEventAttributes && !hops.has(String(e.eventId))).length;
    expect(started).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(started);
    expect(events.filter((e) => e.timerFiredEventAttributes && !hops.has(String(e.timerFiredEventAttributes.startedEventId)))).toHaveLength(0);
    // the ended run (its state rebuilt from history) holds no apology timer
    expect(await apologyTimer(d)).toBeUndefined();
    expect(await h.ds.getRepository(DossierEventEntity).countBy({ dossierId: d.dossierId, kind: 'apology.due' })).toBe(0);
  });
});

describe('apology', () => {
  it('allows one apology per dossier: the second apology task is refused, still open, and nothing is recorded twice', async () => {
    const twoApologies = (await h.deploy(readFileSync(join(__dirname, 'fixtures/two-apologies.bpmn'), 'utf8')))['two-apologies'];
    const d = await fileDossier(h, twoApologies);
    const received = await receive(d);
    const newDueAt = new Date(received.dueAt!.getTime() + 3 * 86_400_000).toISOString();
    const first = await complete(d, 'Task_XinLoi1', { reason: 'Chờ xác minh', newDueAt });
    expect(first.result.completed).toBe(true);
    const second = await h.openTask(d.instanceId, 'Task_XinLoi2');
    const eventCount = (await events(d.dossierId)).length;
    const refusal = await refusalOf(completeTask(h, d, { taskId: second.id, by: OFFICER, variables: { reason: 'Lần nữa', newDueAt: new Date(received.dueAt!.getTime() + 6 * 86_400_000).toISOString() } }));
    expect(refusal).toMatchObject({ code: 'DOSSIER_APOLOGY_ALREADY_ISSUED', step: 'apology', taskId: second.id });
    expect((await h.task(second.id))!.state).toBe('OPEN');
    expect((await events(d.dossierId)).length).toBe(eventCount);
    const row = await dossierRow(h, d.dossierId);
    expect(row.apologyCount).toBe(1);
    expect(row.dueAt!.toISOString()).toBe(newDueAt);
    expect(row.originalDueAt).toEqual(received.originalDueAt);
    expect(await h.ds.getRepository(DocumentEntity).countBy({ dossierId: d.dossierId, form: 'apology' })).toBe(1);
  });
});

describe('the other shipped procedure', () => {
  it('runs cấp phép xây dựng (SXD, 15 days, a pay step) from submission to returned under the guards', async () => {
    const procedure = JSON.parse(readFileSync(join(__dirname, '../../../../processes/cap-phep-xay-dung.procedure.json'), 'utf8')) as ProcedureEntry;
    await upsertProcedure(h.ds, procedure);
    await upsertAgency(h.ds, { code: 'SXD', name: 'Sở Xây dựng' });
    await upsertUnit(h.ds, { agency: 'SXD', code: 'MOTCUA', name: 'Bộ phận Một cửa' });
    await upsertUnit(h.ds, { agency: 'SXD', code: 'QLXD', name: 'Phòng Quản lý xây dựng' });
    const signer = pki.signers.filter((s) => s.role === 'officer')[1].name;
    await ensureUser(h.ds, { username: 'sxd', fullName: signer, passwordHash: 'x', roles: ['officer'], agency: 'SXD', units: ['MOTCUA', 'QLXD'] });
    // the ward's opinion (inter-agency call activity) runs the shipped lay-y-kien-quy-hoach process of UBPHN
    await h.deploy(readFileSync(join(__dirname, '../../../../processes/lay-y-kien-quy-hoach.bpmn'), 'utf8'));
    const capPhep = (await h.deploy(readFileSync(join(__dirname, '../../../../processes/cap-phep-xay-dung.bpmn'), 'utf8')))['cap-phep-xay-dung'];
    const d = await fileDossier(h, capPhep, { procedure });
    const by = 'sxd';
    const done = async (elementId: string, variables: Record<string, unknown> = {}) => {
      const task = await h.openTask(d.instanceId, elementId);
      expect(await completeTask(h, d, { taskId: task.id, by, variables })).toEqual({ taskId: task.id, completed: true });
    };
    // the STP officer cannot receive an SXD dossier
    expect((await refusalOf(completeTask(h, d, { taskId: (await h.openTask(d.instanceId, 'Task_TiepNhan')).id, by: OFFICER }))).code).toBe('DOSSIER_WRONG_UNIT');
    await done('Task_TiepNhan');
    const received = await dossierRow(h, d.dossierId);
    expect(received.code).toMatch(/^SXD\.MOTCUA-\d{6}-\d{4}$/);
    // 15 working days = 120 working hours between receipt and the appointment
    const cal = await dossierStepDeps(h.ds).calendar();
    expect(cal.workingTimeBetweenMs(received.receivedAt!.getTime(), received.dueAt!.getTime(), { agency: 'SXD' })).toBe(15 * 8 * 3600_000);
    await digitiseComponents(h, blobs, d);
    await done('Task_SoHoa');
    await done('Task_ThamDinh');
    const opinion = await h.waitFor('the ward’s opinion task', () => h.ds.getRepository(TaskEntity).findOneBy({ processKey: 'lay-y-kien-quy-hoach', elementId: 'Task_ChoYKien', state: 'OPEN' }));
    expect(opinion.agency).toBe('UBPHN');
    await h.client.workflow
      .getHandle(`pi/${opinion.instanceId}`)
      .executeUpdate<CompleteTaskResult, [CompleteTaskArgs]>(COMPLETE_TASK_UPDATE, { args: [{ taskId: opinion.id, by: 'phuong', variables: { yKienQuyHoach: 'dong-y', noiDungYKien: 'Phù hợp quy hoạch' } }] });
    await done('Task_PheDuyet');
    const permit = await storeDocument(h, blobs, d, await simplePdf('Giay phep xay dung'), 'result', 'giay-phep-xay-dung.pdf');
    await storeVersion(d, permit, await signAs(pki, signer, await simplePdf('Giay phep xay dung')));
    await done('Task_KySo');
    await done('Task_LePhi');
    await done('Task_TraKetQua');
    const row = await dossierRow(h, d.dossierId);
    expect(row.status).toBe(10);
    expect((await listDossierProgress(h.ds, d.dossierId)).map((p) => p.status)).toEqual([1, 2, 4, 9, 10]);
    expect((await verifyDossierEvents(h.ds, d.dossierId)).ok).toBe(true);
  });
});

// last in the file: it adds a holiday to the calendar (removed at the end) that other tests must not see
describe('a calendar change moves the armed apology reminder', () => {
  it('keeps its working-time lead before the due date: a holiday on the reminder\'s day moves it earlier (timer re-armed, or flagged at once when that is past); the history replays', async () => {
    const d = await fileDossier(h, def);
    const received = await receive(d);
    const { armed, before, after } = await holidayOnApologyDay(h, d);
    try {
      const dueAt = received.dueAt!.getTime();
      const lead = calendarFromSnapshot(before).workingTimeBetweenMs(new Date(armed.fireAt!).getTime(), dueAt);
      const expected = new Date(calendarFromSnapshot(after).subtractWorkingTimeMs(dueAt, lead)).toISOString();
      expect(new Date(expected).getTime()).toBeLessThan(new Date(armed.fireAt!).getTime());
      const handle = h.client.workflow.getHandle(d.workflowId);
      // re-armed for the new instant, or — when that instant has passed already — the dossier flagged at once
      const moved = await h.waitFor('the reminder moved', async () => {
        const timer = (await handle.query<PendingTimerView[]>(GET_TIMERS_QUERY)).find((t) => t.timerId === 'dossier-apology');
        if (timer?.fireAt === expected) return 'timer';
        const flagged = (await events(d.dossierId)).find((e) => e.kind === 'apology.due');
        return flagged?.payload.remindAt === expected ? 'flagged' : undefined;
      });
      expect(['timer', 'flagged']).toContain(moved);
      // the appointment date itself does not move
      expect((await dossierRow(h, d.dossierId)).dueAt!.getTime()).toBe(dueAt);
      await handle.signal('cancel');
      await handle.result();
      await expect(Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), replayName: 'dossier-replay', dataConverter: TTHC_DATA_CONVERTER }, await handle.fetchHistory(), d.workflowId)).resolves.toBeUndefined();
    } finally {
      const day = after.overrides.find((o) => !before.overrides.includes(o))!.split(':')[0];
      await removeCalendarOverride(h.ds, day, 'admin');
    }
  });
});

async function storeVersion(d: RunningDossier, previousId: string, bytes: Uint8Array): Promise<string> {
  const blob = await blobs.put(bytes);
  const row = await insertNextVersion(h.ds, previousId, {
    instanceId: d.instanceId,
    dossierId: d.dossierId,
    kind: 'result',
    name: (await h.ds.getRepository(DocumentEntity).findOneByOrFail({ id: previousId })).name,
    mediaType: 'application/pdf',
    sizeBytes: blob.size,
    sha256: blob.sha256,
    storageKey: blob.key,
    uploadedBy: OFFICER,
  });
  return row.id;
}
