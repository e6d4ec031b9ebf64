/**
 * The dossier activities with injected instants (the workflow passes its own clock as `at`):
 * literal dates around weekends and holidays, the template switch of 01/07/2025, the receipt
 * limit, the one apology. Real database (PostgreSQL when DATABASE_URL is set, else SQLite),
 * real calendar tables, real PDFs.
 */
import { ApplicationFailure } from '@temporalio/common';
import { STEP_REFUSED_FAILURE, type StepRefusal } from '@tthc/contracts';
import { createUserTask, DossierEventEntity, ensureUser, getDossier, listDossierEvents, listDossierProgress, verifyDossierEvents } from '@tthc/persistence';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { flagLateReceiptActivity, guardStepActivity, raiseApologyDueActivity, resumeDossierClockActivity } from '..';
import { openStepWorld, stepInput as step, type StepWorld } from './step-world';

jest.setTimeout(60_000);

let world: StepWorld;
let db: StepWorld['db'];
let guardStep: ReturnType<typeof guardStepActivity>;
let resume: ReturnType<typeof resumeDossierClockActivity>;
let flagLate: ReturnType<typeof flagLateReceiptActivity>;
let raiseApologyDue: ReturnType<typeof raiseApologyDueActivity>;

beforeAll(async () => {
  world = await openStepWorld('dossier-activities');
  db = world.db;
  guardStep = guardStepActivity(world.deps);
  resume = resumeDossierClockActivity(world.deps);
  flagLate = flagLateReceiptActivity(world.deps);
  raiseApologyDue = raiseApologyDueActivity(world.deps);
  await ensureUser(db.ds, { username: 'untitled', fullName: 'Lê Văn Chưa Có', passwordHash: 'x', roles: ['officer'], agency: 'STP', units: ['MOTCUA'] });
});

afterAll(() => world?.close());

const vn = (local: string) => new Date(`${local}+07:00`);
const file = (submittedAt: Date, channel: 1 | 2 = 2) => world.file(submittedAt, channel);

async function refusal(p: Promise<unknown>): Promise<StepRefusal> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).type).toBe(STEP_REFUSED_FAILURE);
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  return (err as ApplicationFailure).details![0] as StepRefusal;
}

const pdfText = async (documentId: string): Promise<string> =>
  execFileSync('pdftotext', ['-layout', (await world.stored(documentId)).path, '-'], { encoding: 'utf8' });

describe('hand-over outcome on the control sheet', () => {
  it("is early / on time / late against the task's own due date, else the dossier's", async () => {
    const id = await file(vn('2026-06-01T08:00:00'));
    // received Mon 1/6 09:00; 5 working days → Mon 8/6 09:00
    await guardStep(step(id, 'receive', vn('2026-06-01T09:00:00'), {}, { statutoryDays: 5 }));
    const task = async (dueAt: Date) => {
      const taskId = randomUUID();
      await createUserTask(db.ds, { taskId, instanceId: randomUUID(), processKey: 'p', version: 1, elementId: 'Task_review', elementInstanceId: randomUUID(), dueAt: dueAt.toISOString(), variables: {}, createdAt: vn('2026-06-01T09:00:00').toISOString(), dossierId: id });
      return taskId;
    };
    // its task is due Fri 5/6 17:00: done Tue 2/6 10:00 is more than a working day ahead → early
    await guardStep(step(id, 'review', vn('2026-06-02T10:00:00'), {}, { taskId: await task(vn('2026-06-05T17:00:00')) }));
    // due Tue 2/6 15:00, done 14:00 → on time; due Tue 2/6 11:00, done 14:00 → late (the dossier's own date is later)
    await guardStep(step(id, 'approve', vn('2026-06-02T14:00:00'), {}, { taskId: await task(vn('2026-06-02T15:00:00')) }));
    await guardStep(step(id, 'certify', vn('2026-06-02T14:00:00'), {}, { taskId: await task(vn('2026-06-02T11:00:00')) }));
    // no task row: the dossier's due date Mon 8/6 09:00, done Sun 7/6 is less than a working day ahead → on time
    await guardStep(step(id, 'certify', vn('2026-06-07T10:00:00')));
    // an unknown user is refused in Vietnamese before anything is written (the opening read found no user row)
    const events = (await listDossierEvents(db.ds, id)).length;
    expect(await refusal(guardStep(step(id, 'certify', vn('2026-06-07T11:00:00'), {}, { by: 'khong-ton-tai' })))).toMatchObject({ code: 'DOSSIER_UNKNOWN_OFFICER', message: expect.stringContaining('Không tìm thấy cán bộ') });
    expect(await listDossierEvents(db.ds, id)).toHaveLength(events);
    const outcomes = (await listDossierEvents(db.ds, id)).filter((e) => e.kind === 'step.completed').map((e) => [e.payload.step, e.payload.outcome]);
    expect(outcomes).toEqual([
      ['receive', 'early'],
      ['review', 'early'],
      ['approve', 'on-time'],
      ['certify', 'late'],
      ['certify', 'on-time'],
    ]);
  });
});

describe('supplement pause and resume (literal dates)', () => {
  it('moves dueAt by exactly the paused working time across a weekend, Giỗ Tổ (Mon 27/4/2026) and 30/4–1/5', async () => {
    const id = await file(vn('2026-04-22T08:30:00'));
    // received Wed 22/4 09:00; 5 working days → Mon 4/5 09:00 (Mon 27/4, Thu 30/4, Fri 1/5 are holidays)
    const received = await guardStep(step(id, 'receive', vn('2026-04-22T09:00:00'), {}, { statutoryDays: 5 }));
    expect(received.dueAt).toBe(vn('2026-05-04T09:00:00').toISOString());
    // supplement Thu 23/4 10:00; the citizen resubmits Wed 29/4 10:00: Thu 5.5 h + Fri 8 h + Tue 8 h + Wed 2.5 h = 3 working days
    const paused = await guardStep(step(id, 'supplement', vn('2026-04-23T10:00:00'), { reason: 'Thiếu bản sao', missingItems: ['Bản sao bằng tốt nghiệp'] }));
    expect(paused).toMatchObject({ status: 5, clockPaused: true });
    const resumed = await resume({ dossierId: id, instanceId: randomUUID(), at: vn('2026-04-29T10:00:00').toISOString(), messageName: 'ho-so-bo-sung', resumeKey: 'resume:t1' });
    expect(resumed).toMatchObject({ resumed: true, pausedWorkingMs: 3 * 8 * 3600_000, dueAt: vn('2026-05-07T09:00:00').toISOString() });
    const row = (await getDossier(db.ds, id))!;
    expect(row.dueAt!.toISOString()).toBe(vn('2026-05-07T09:00:00').toISOString());
    expect(row.originalDueAt!.toISOString()).toBe(vn('2026-05-04T09:00:00').toISOString());
    expect(row.pausedWorkingMs).toBe(3 * 8 * 3600_000);
    expect(row.pausedAt).toBeNull();
    // the same resubmission delivered twice moves nothing twice
    expect(await resume({ dossierId: id, instanceId: randomUUID(), at: vn('2026-04-30T10:00:00').toISOString(), messageName: 'ho-so-bo-sung', resumeKey: 'resume:t1' })).toEqual(resumed);
    expect((await listDossierProgress(db.ds, id)).map((p) => p.status)).toEqual([1, 2, 5, 2]);
    expect((await verifyDossierEvents(db.ds, id)).ok).toBe(true);
  });

  it('records a second supplement request as such', async () => {
    const id = await file(vn('2026-06-01T08:00:00'));
    await guardStep(step(id, 'receive', vn('2026-06-01T09:00:00'), {}, { statutoryDays: 5 }));
    await guardStep(step(id, 'supplement', vn('2026-06-01T10:00:00'), { reason: 'Thiếu', missingItems: ['A'] }));
    await resume({ dossierId: id, instanceId: randomUUID(), at: vn('2026-06-02T10:00:00').toISOString(), messageName: 'm', resumeKey: 'resume:s1' });
    await guardStep(step(id, 'supplement', vn('2026-06-03T10:00:00'), { reason: 'Vẫn thiếu', missingItems: ['B'] }));
    const pauses = await db.ds.getRepository(DossierEventEntity).find({ where: { dossierId: id, kind: 'clock.paused' }, order: { seq: 'ASC' } });
    expect(pauses.map((e) => [e.payload.supplementNo, e.payload.second])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect((await getDossier(db.ds, id))!.supplementCount).toBe(2);
  });
});

describe('forms by receipt date', () => {
  it('numbers a dossier received on 30/06/2025 by TT 01/2018 and one received on 01/07/2025 by TT 03/2025; the first of a day is -0001', async () => {
    const before = await file(vn('2025-06-30T08:00:00'));
    const after = await file(vn('2025-07-01T08:00:00'));
    const r1 = await guardStep(step(before, 'receive', vn('2025-06-30T09:00:00')));
    const r2 = await guardStep(step(after, 'receive', vn('2025-07-01T09:00:00')));
    expect(r1.dossierCode).toBe('STP.MOTCUA-250630-0001');
    expect(r2.dossierCode).toBe('STP.MOTCUA-250701-0001');
    const template = async (dossierId: string) =>
      (await db.ds.getRepository(DossierEventEntity).findOneByOrFail({ dossierId, kind: 'document.generated' })).payload.template as string;
    expect(await template(before)).toMatch(/^TT01\/2018:receipt/);
    expect(await template(after)).toMatch(/^TT03\/2025:receipt/);
    const t1 = await pdfText(r1.formDocumentId!);
    const t2 = await pdfText(r2.formDocumentId!);
    expect(t1).toContain('01/2018/TT-VPCP');
    expect(t2).toContain('03/2025/TT-VPCP');
    expect(t1).toContain('STP.MOTCUA-250630-0001');
    expect(t1).toContain('Trần Văn Công');
  });
});

describe('receipt limit of an online dossier (8 working hours)', () => {
  it('flags a receipt after the limit late (Fri 24/4/2026 16:30 → Tue 28/4 16:30 over Giỗ Tổ), not one before it', async () => {
    const late = await file(vn('2026-04-24T16:30:00'));
    const onTime = await file(vn('2026-04-24T16:30:00'));
    await guardStep(step(late, 'receive', vn('2026-04-28T16:45:00')));
    await guardStep(step(onTime, 'receive', vn('2026-04-28T16:15:00')));
    expect((await getDossier(db.ds, late))!.lateReceipt).toBe(true);
    expect((await getDossier(db.ds, onTime))!.lateReceipt).toBe(false);
    const ev = await db.ds.getRepository(DossierEventEntity).findOneByOrFail({ dossierId: late, kind: 'receipt.late' });
    expect(ev.payload.limit).toBe(vn('2026-04-28T16:30:00').toISOString());
  });

  it('the timer path flags a dossier still not received, once', async () => {
    const id = await file(vn('2026-04-24T16:30:00'));
    const deadline = vn('2026-04-28T16:30:00').toISOString();
    expect(await flagLate({ dossierId: id, deadline, at: deadline })).toBe(true);
    expect(await flagLate({ dossierId: id, deadline, at: deadline })).toBe(false);
    expect(await db.ds.getRepository(DossierEventEntity).countBy({ dossierId: id, kind: 'receipt.late' })).toBe(1);
  });
});

describe('apology', () => {
  it('issues Mẫu 04 with the reason and the new date once; a second is refused; KPIs keep the original due date', async () => {
    const id = await file(vn('2026-06-08T08:00:00'));
    const r = await guardStep(step(id, 'receive', vn('2026-06-08T09:00:00'), {}, { statutoryDays: 1 }));
    expect((await refusal(guardStep(step(id, 'apology', vn('2026-06-08T16:00:00'), { reason: 'Chờ xác minh' })))).code).toBe('DOSSIER_NOTICE_INCOMPLETE');
    const first = await guardStep(step(id, 'apology', vn('2026-06-08T16:00:00'), { reason: 'Chờ xác minh bản chính', newDueAt: vn('2026-06-12T16:00:00').toISOString() }));
    expect(first.dueAt).toBe(vn('2026-06-12T16:00:00').toISOString());
    const text = await pdfText(first.formDocumentId!);
    expect(text).toContain('Chờ xác minh bản chính');
    expect(text).toContain('ngày 12 tháng 06 năm 2026');
    const eventsBefore = await db.ds.getRepository(DossierEventEntity).countBy({ dossierId: id });
    const second = await refusal(guardStep(step(id, 'apology', vn('2026-06-11T16:00:00'), { reason: 'Lần nữa', newDueAt: vn('2026-06-19T16:00:00').toISOString() })));
    expect(second.code).toBe('DOSSIER_APOLOGY_ALREADY_ISSUED');
    expect(await db.ds.getRepository(DossierEventEntity).countBy({ dossierId: id })).toBe(eventsBefore);
    const row = (await getDossier(db.ds, id))!;
    expect(row.apologyCount).toBe(1);
    expect(row.originalDueAt!.toISOString()).toBe(r.dueAt);
    expect(row.dueAt!.toISOString()).toBe(vn('2026-06-12T16:00:00').toISOString());
  });
});

describe('ChucDanh of the progress records', () => {
  it("is the acting officer's title (chức danh), and 'Cán bộ' for a user without one", async () => {
    const titled = await file(vn('2026-06-15T08:00:00'));
    const untitled = await file(vn('2026-06-15T08:00:00'));
    await guardStep(step(titled, 'receive', vn('2026-06-15T09:00:00')));
    await guardStep(step(untitled, 'receive', vn('2026-06-15T09:00:00'), {}, { by: 'untitled' }));
    const receipt = async (id: string) => (await listDossierProgress(db.ds, id)).find((p) => p.status === 2)!;
    expect(await receipt(titled)).toMatchObject({ handler: 'Nguyễn Thị Cán Bộ', handlerTitle: 'Chuyên viên Bộ phận Một cửa' });
    expect(await receipt(untitled)).toMatchObject({ handler: 'Lê Văn Chưa Có', handlerTitle: 'Cán bộ' });
  });
});

describe('the apology timer armed by the engine (due − 1 working day, literal dates)', () => {
  const apologyEvents = (dossierId: string) => db.ds.getRepository(DossierEventEntity).find({ where: { dossierId, kind: 'apology.due' }, order: { seq: 'ASC' } });

  it('reminds 1 working day before the due date across 30/4–1/5 and the weekend, follows the due date through a pause and an apology, and flags once', async () => {
    const id = await file(vn('2026-04-22T08:30:00'));
    // received Wed 22/4 09:00, 5 working days → due Mon 4/5 09:00; 1 working day before: Wed 29/4 09:00 (Thu 30/4, Fri 1/5 holidays, weekend)
    const received = await guardStep(step(id, 'receive', vn('2026-04-22T09:00:00'), {}, { statutoryDays: 5 }));
    expect(received.apologyTimer).toEqual({ dueAt: vn('2026-05-04T09:00:00').toISOString(), remindAt: vn('2026-04-29T09:00:00').toISOString() });
    // paused: no timer while the clock stands still
    const paused = await guardStep(step(id, 'supplement', vn('2026-04-23T10:00:00'), { reason: 'Thiếu bản sao', missingItems: ['Bản sao'] }));
    expect(paused.apologyTimer).toBeUndefined();
    // resumed Wed 29/4 10:00 after 3 working days: due Thu 7/5 09:00, reminded Wed 6/5 09:00
    const resumed = await resume({ dossierId: id, instanceId: randomUUID(), at: vn('2026-04-29T10:00:00').toISOString(), messageName: 'ho-so-bo-sung', resumeKey: `resume:${id}` });
    expect(resumed.apologyTimer).toEqual({ dueAt: vn('2026-05-07T09:00:00').toISOString(), remindAt: vn('2026-05-06T09:00:00').toISOString() });
    // the timer armed for the old due date fires late: the due date moved, nothing is flagged
    expect(await raiseApologyDue({ dossierId: id, instanceId: randomUUID(), ...received.apologyTimer!, at: vn('2026-04-29T09:00:00').toISOString() })).toEqual({ raised: false });
    // the current one: flagged once (a retried activity records nothing twice)
    const fire = { dossierId: id, instanceId: randomUUID(), ...resumed.apologyTimer!, at: vn('2026-05-06T09:00:00').toISOString() };
    expect(await raiseApologyDue(fire)).toEqual({ raised: true, apologyAllowed: true });
    expect(await raiseApologyDue(fire)).toEqual({ raised: true, apologyAllowed: true });
    expect((await getDossier(db.ds, id))!.apologyRequiredAt!.toISOString()).toBe(vn('2026-05-06T09:00:00').toISOString());
    expect((await apologyEvents(id)).map((e) => e.payload)).toEqual([
      { dueAt: vn('2026-05-07T09:00:00').toISOString(), remindAt: vn('2026-05-06T09:00:00').toISOString(), apologyAllowed: true, apologyCount: 0, status: 2 },
    ]);
    // the apology (Mẫu 04) moves the due date to Tue 12/5 09:00: the flag is cleared, the timer re-armed for Mon 11/5 09:00
    const apology = await guardStep(step(id, 'apology', vn('2026-05-06T10:00:00'), { reason: 'Chờ xác minh bản chính', newDueAt: vn('2026-05-12T09:00:00').toISOString() }));
    expect(apology.apologyTimer).toEqual({ dueAt: vn('2026-05-12T09:00:00').toISOString(), remindAt: vn('2026-05-11T09:00:00').toISOString() });
    expect((await getDossier(db.ds, id))!.apologyRequiredAt).toBeNull();
    // it fires again: the risk is recorded, but no second apology is asked for ("once")
    expect(await raiseApologyDue({ dossierId: id, instanceId: randomUUID(), ...apology.apologyTimer!, at: vn('2026-05-11T09:00:00').toISOString() })).toEqual({ raised: true, apologyAllowed: false });
    expect((await getDossier(db.ds, id))!.apologyRequiredAt).toBeNull();
    expect((await apologyEvents(id)).map((e) => e.payload.apologyAllowed)).toEqual([true, false]);
    expect((await verifyDossierEvents(db.ds, id)).ok).toBe(true);
  });

  it('reminds a one-day procedure 4 working hours before its due date, and arms nothing for a finished dossier', async () => {
    const id = await file(vn('2026-06-08T08:00:00'));
    // received Mon 8/6 09:00, 1 working day → due Tue 9/6 09:00; half of it before: Mon 14:30 (lunch 11:30–13:00)
    const received = await guardStep(step(id, 'receive', vn('2026-06-08T09:00:00'), {}, { statutoryDays: 1, cutoff: '15:00' }));
    expect(received.apologyTimer).toEqual({ dueAt: vn('2026-06-09T09:00:00').toISOString(), remindAt: vn('2026-06-08T14:30:00').toISOString() });
    const refused = await guardStep(step(id, 'refuse', vn('2026-06-08T10:00:00'), { reason: 'Không thuộc thẩm quyền' }));
    expect(refused.apologyTimer).toBeUndefined();
    // a timer that fires after the dossier ended flags nothing
    expect(await raiseApologyDue({ dossierId: id, instanceId: randomUUID(), ...received.apologyTimer!, at: vn('2026-06-08T14:30:00').toISOString() })).toEqual({ raised: false });
    expect(await apologyEvents(id)).toHaveLength(0);
    expect((await getDossier(db.ds, id))!.apologyRequiredAt).toBeNull();
  });
});
