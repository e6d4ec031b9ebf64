import type { CreateUserTaskInput } from '@tthc/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuditKeys, setAuditKeys } from '../../audit/audit-keys';
import { listAudit, verifyAuditChain } from '../../audit/audit.store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import {
  beginTaskCompletion,
  claimTask,
  closeUserTask,
  createUserTask,
  finishTaskCompletion,
  recordTaskCompletion,
  getTask,
  reopenStaleCompletions,
  revertTaskCompletion,
  unclaimTask,
} from '../task.store';
import { countTasks, isTaskVisibleTo, listTasks, type TaskViewer } from '../inbox-query';
import { insertDossier, seedProcedure } from '../../testing/dossier-fixture';
import { inTransaction } from '../../common/transaction.util';
import { updateDossier } from '../../dossiers/dossier.store';
import { DossierEntity } from '../../dossiers/dossier.entity';
import { TaskCandidateEntity } from '../task-candidate.entity';

let seq = 0;
function taskInput(over: Partial<CreateUserTaskInput> = {}): CreateUserTaskInput {
  seq++;
  return {
    taskId: `task-${String(seq).padStart(4, '0')}`,
    instanceId: 'inst-1',
    processKey: 'p',
    version: 1,
    elementId: 'Review',
    elementInstanceId: `ei-${seq}`,
    name: 'Review',
    candidateGroups: ['MOTCUA'],
    agency: 'STP',
    variables: { a: 1 },
    createdAt: new Date(Date.UTC(2026, 0, 1, 8, 0, 0, seq)).toISOString(),
    ...over,
  };
}

const officer: TaskViewer = { username: 'officer', agency: 'STP', groups: ['MOTCUA', 'officer'] };

describe.each(testDatabaseKinds())('task store on %s', (kind) => {
  let db: TestDatabase;
  let keyDir: string;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
    keyDir = mkdtempSync(join(tmpdir(), 'tthc-task-audit-keys-'));
    setAuditKeys(db.ds, loadAuditKeys({ dataDir: keyDir }));
  });
  afterEach(async () => {
    await db.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('audits a completion exactly once, in the transaction that closes the task, however often and by whom it is closed', async () => {
    const raced = taskInput();
    const apiFirst = taskInput();
    const canceled = taskInput();
    for (const t of [raced, apiFirst, canceled]) {
      await createUserTask(db.ds, t);
      await beginTaskCompletion(db.ds, t.taskId);
    }
    const close = (taskId: string) => closeUserTask(db.ds, { taskId, state: 'COMPLETED', by: 'officer', at: '2026-01-02T03:00:00.000Z', variables: { approved: true } });
    // a retried activity racing itself: one closes the row, every call leaves exactly one entry
    expect((await Promise.all([close(raced.taskId), close(raced.taskId), close(raced.taskId)])).filter(Boolean)).toHaveLength(1);
    // the API closed the row first (the concurrent-loser path): the worker's close still audits it, once
    await finishTaskCompletion(db.ds, apiFirst.taskId, 'officer', undefined);
    expect(await close(apiFirst.taskId)).toBe(false);
    await close(apiFirst.taskId);
    await closeUserTask(db.ds, { taskId: canceled.taskId, state: 'CANCELED', at: '2026-01-02T03:00:00.000Z' });

    for (const t of [raced, apiFirst]) {
      const onTask = (await listAudit(db.ds, { entity: 'task', entityId: t.taskId, limit: 10 })).filter((e) => e.action === 'task.complete');
      expect(onTask).toEqual([expect.objectContaining({ actor: 'officer', details: { instanceId: t.instanceId, elementId: t.elementId, variables: { approved: true } } })]);
      const onInstance = (await listAudit(db.ds, { entity: 'process-instance', entityId: t.instanceId, limit: 10 })).filter((e) => e.details.taskId === t.taskId);
      expect(onInstance).toHaveLength(1);
    }
    expect(await listAudit(db.ds, { entity: 'task', entityId: canceled.taskId, limit: 10 })).toEqual([]);
    await expect(verifyAuditChain(db.ds)).resolves.toMatchObject({ ok: true });
  });

  it('createUserTask is idempotent and never reopens a closed task', async () => {
    const input = taskInput();
    await expect(createUserTask(db.ds, input)).resolves.toBe(true);
    await expect(createUserTask(db.ds, input)).resolves.toBe(false);
    const page = await listTasks(db.ds, { limit: 10 });
    expect(page.items.map((t) => t.id)).toEqual([input.taskId]);
    expect(page.items[0]).toMatchObject({ state: 'OPEN', candidateGroups: ['MOTCUA'], variables: { a: 1 }, agency: 'STP' });
    expect(page.items[0].createdAt.toISOString()).toBe(input.createdAt);

    await expect(closeUserTask(db.ds, { taskId: input.taskId, state: 'COMPLETED', by: 'u1', at: input.createdAt })).resolves.toBe(true);
    await expect(closeUserTask(db.ds, { taskId: input.taskId, state: 'CANCELED', at: input.createdAt })).resolves.toBe(false);
    await createUserTask(db.ds, input);
    expect(await getTask(db.ds, input.taskId)).toMatchObject({ state: 'COMPLETED', completedBy: 'u1' });
  });

  it('brings each task its dossier and procedure in the inbox query, and filters and counts by dossier', async () => {
    await seedProcedure(db.ds);
    const { dossier: a } = await insertDossier(db.ds);
    const { dossier: b } = await insertDossier(db.ds, { applicant: { type: 1, name: 'Trần Thị Bình', idNumber: '079190000001', address: 'Huế' } });
    const at = new Date('2026-12-02T03:00:00Z');
    await inTransaction(db.ds, (m) => updateDossier(m, a.id, { code: 'STP.MOTCUA-261202-0001', receivedAt: at }, { kind: 'dossier.received', actor: 'officer', at }));
    const ta = taskInput({ instanceId: a.instanceId });
    const tb = taskInput({ instanceId: b.instanceId });
    const plain = taskInput({ instanceId: 'not-a-dossier' });
    for (const t of [ta, tb, plain]) await createUserTask(db.ds, t);

    // the officer's hot path (index branches) and the generic query both carry the dossier
    for (const q of [{ viewer: officer, states: ['OPEN', 'COMPLETING'] as const }, { viewer: officer, assigned: 'unassigned' as const }]) {
      const page = await listTasks(db.ds, { ...q, states: [...(q.states ?? ['OPEN'])], limit: 10 });
      const byId = new Map(page.items.map((t) => [t.id, t]));
      expect(byId.get(ta.taskId)?.dossier).toMatchObject({ id: a.id, code: 'STP.MOTCUA-261202-0001', applicantName: 'Nguyễn Văn An', status: 1 });
      expect(byId.get(ta.taskId)?.procedure?.name).toBe('Chứng thực bản sao từ bản chính');
      expect(byId.get(tb.taskId)?.dossier).toMatchObject({ id: b.id, code: null });
      expect(byId.get(plain.taskId)?.dossier).toBeNull();
    }
    const ids = async (f: Record<string, string>) =>
      (await listTasks(db.ds, { viewer: officer, states: ['OPEN'], limit: 10, ...f })).items.map((t) => t.id).sort();
    expect(await ids({ procedureCode: '2.000815' })).toEqual([ta.taskId, tb.taskId].sort());
    expect(await ids({ procedureCode: '1.000001' })).toEqual([]);
    expect(await ids({ dossierCode: 'STP.MOTCUA-2612' })).toEqual([ta.taskId]);
    expect(await ids({ dossierCode: 'STP.MOTCUA_2612' })).toEqual([]); // `_` matches itself only
    expect(await ids({ applicant: '079190000001' })).toEqual([tb.taskId]);
    expect(await ids({ applicant: 'Thị Bình' })).toEqual([tb.taskId]);
    // counts stop at the cap
    expect(await countTasks(db.ds, { viewer: officer, states: ['OPEN'] }, 100)).toBe(3);
    expect(await countTasks(db.ds, { viewer: officer, states: ['OPEN'] }, 2)).toBe(2);
    expect(await countTasks(db.ds, { viewer: officer, states: ['OPEN'], procedureCode: '2.000815', applicant: 'An' }, 100)).toBe(1);
  });

  it('filters the open inbox by dossier status and due range along the index branches, page by page, mine included', async () => {
    await seedProcedure(db.ds);
    const { dossier: a } = await insertDossier(db.ds);
    const { dossier: b } = await insertDossier(db.ds);
    // the row's status as a received dossier has it (the status machine itself is tested in dossiers/)
    await db.ds.getRepository(DossierEntity).update({ id: b.id }, { status: 2 });
    const due = (d: string) => `2026-${d}T00:00:00.000Z`;
    const t1 = taskInput({ instanceId: a.instanceId, dueAt: due('01-05') });
    const t2 = taskInput({ instanceId: b.instanceId, dueAt: due('01-10') });
    const hidden = taskInput({ instanceId: b.instanceId, dueAt: due('01-10'), candidateGroups: ['HCTP'] });
    const otherAgency = taskInput({ instanceId: b.instanceId, dueAt: due('01-10'), agency: 'SXD' });
    const mine = taskInput({ instanceId: b.instanceId, dueAt: due('01-12'), candidateGroups: ['XYZ'] });
    const tooLate = taskInput({ instanceId: b.instanceId, dueAt: due('02-01') });
    const anyone = taskInput({ instanceId: b.instanceId, dueAt: due('01-11'), candidateGroups: ['*'] });
    const noDossier = taskInput({ instanceId: 'not-a-dossier', dueAt: due('01-10') });
    const mineOfA = taskInput({ instanceId: a.instanceId, dueAt: due('01-12'), candidateGroups: ['XYZ'] });
    for (const t of [t1, t2, hidden, otherAgency, mine, tooLate, anyone, noDossier, mineOfA]) await createUserTask(db.ds, t);
    for (const t of [mine, mineOfA]) expect(await claimTask(db.ds, t.taskId, 'officer')).toBe('ok');

    /** every page of 2, following the cursors */
    const all = async (f: Partial<Parameters<typeof listTasks>[1]>) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTasks(db.ds, { viewer: officer, states: ['OPEN', 'COMPLETING'], limit: 2, cursor, ...f });
        ids.push(...page.items.map((t) => t.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const range = { dossierStatuses: [2], dueFrom: new Date(due('01-06')), dueTo: new Date(due('01-20')) };
    expect(await all(range)).toEqual([t2.taskId, mine.taskId, anyone.taskId]);
    expect(await all({ ...range, assigned: 'group' })).toEqual([t2.taskId]);
    expect(await all({ dossierStatuses: [1, 2], dueBefore: new Date(due('01-11')) })).toEqual([t1.taskId, t2.taskId]);
    expect(await all({ dueFrom: new Date(due('01-11')) })).toEqual([mine.taskId, tooLate.taskId, anyone.taskId, mineOfA.taskId]);
    expect(await all({ dossierStatuses: [9] })).toEqual([]);
    // the inbox counts take the same branches, up to the cap
    const open = { viewer: officer, states: ['OPEN', 'COMPLETING'] as Array<'OPEN' | 'COMPLETING'> };
    expect(await countTasks(db.ds, { ...open, ...range }, 100)).toBe(3);
    expect(await countTasks(db.ds, { ...open, ...range }, 2)).toBe(2);
    expect(await countTasks(db.ds, { ...open, ...range, assigned: 'group' }, 100)).toBe(1);
    expect(await countTasks(db.ds, { ...open, dossierStatuses: [9] }, 100)).toBe(0);
  });

  it('shows an officer only tasks of their agency and groups', async () => {
    const mine = taskInput();
    const otherAgency = taskInput({ agency: 'SXD' });
    const otherGroup = taskInput({ candidateGroups: ['HCTP'] });
    const assignedToMe = taskInput({ candidateGroups: [], assignee: 'officer' });
    const assignedToOther = taskInput({ candidateGroups: [], assignee: 'someone' });
    const noAgency = taskInput({ agency: undefined, candidateGroups: ['officer'] });
    for (const t of [mine, otherAgency, otherGroup, assignedToMe, assignedToOther, noAgency]) await createUserTask(db.ds, t);

    const nobodys = taskInput({ candidateGroups: [] });
    await createUserTask(db.ds, nobodys);
    const expected = [mine.taskId, assignedToMe.taskId, noAgency.taskId, nobodys.taskId];
    // the generic query and the open-inbox fast path (index range scans) agree
    expect((await listTasks(db.ds, { viewer: officer, limit: 50 })).items.map((t) => t.id)).toEqual(expected);
    expect((await listTasks(db.ds, { viewer: officer, states: ['OPEN'], limit: 50 })).items.map((t) => t.id)).toEqual(expected);
    expect((await listTasks(db.ds, { viewer: officer, states: ['OPEN', 'COMPLETING'], limit: 50 })).items.map((t) => t.id)).toEqual(expected);
    for (const t of [mine, assignedToMe, noAgency, nobodys]) expect(await isTaskVisibleTo(db.ds, (await getTask(db.ds, t.taskId))!, officer)).toBe(true);
    for (const t of [otherAgency, otherGroup, assignedToOther]) expect(await isTaskVisibleTo(db.ds, (await getTask(db.ds, t.taskId))!, officer)).toBe(false);
    const fastGroup = await listTasks(db.ds, { viewer: officer, assigned: 'group', states: ['OPEN', 'COMPLETING'], limit: 50 });
    expect(fastGroup.items.map((t) => t.id)).toEqual([mine.taskId, noAgency.taskId]);

    const me = await listTasks(db.ds, { viewer: officer, assigned: 'me', limit: 50 });
    expect(me.items.map((t) => t.id)).toEqual([assignedToMe.taskId]);
    const unassigned = await listTasks(db.ds, { viewer: officer, assigned: 'unassigned', limit: 50 });
    expect(unassigned.items.map((t) => t.id)).toEqual([mine.taskId, noAgency.taskId, nobodys.taskId]);
    const group = await listTasks(db.ds, { viewer: officer, assigned: 'group', limit: 50 });
    expect(group.items.map((t) => t.id)).toEqual([mine.taskId, noAgency.taskId]);

    const other = await listTasks(db.ds, { viewer: { username: 'officer2', agency: 'SXD', groups: ['MOTCUA'] }, limit: 50 });
    expect(other.items.map((t) => t.id)).toEqual([otherAgency.taskId]);
  });

  it('pages with keyset cursors: every row once, in order, stable under inserts', async () => {
    const ids: string[] = [];
    const sameInstant = new Date(Date.UTC(2026, 1, 1)).toISOString();
    for (let i = 0; i < 23; i++) {
      // a block of rows sharing one created_at checks the id tie-breaker
      const t = taskInput(i >= 5 && i < 12 ? { createdAt: sameInstant } : {});
      await createUserTask(db.ds, t);
      ids.push(t.taskId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listTasks(db.ds, { states: ['OPEN'], cursor, limit: 5 });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
      if (pages === 1) await createUserTask(db.ds, taskInput({ createdAt: '2025-01-01T00:00:00.000Z' })); // before the cursor
      pages++;
    } while (cursor);
    const expected = await listTasks(db.ds, { states: ['OPEN'], limit: 100 });
    const expectedAfterInsert = expected.items.map((t) => t.id).filter((id) => ids.includes(id));
    expect(seen).toEqual(expectedAfterInsert);
    expect(new Set(seen).size).toBe(23);
    expect(pages).toBe(5);
  });

  it('pages the open inbox of a viewer through the index path, keeps tasks being completed ("completing…") and drops closed tasks at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      // offered to two of the viewer's groups, or assigned: each task must still come once
      const t = taskInput(i % 3 === 0 ? { candidateGroups: ['MOTCUA', 'officer'] } : i % 3 === 1 ? { candidateGroups: [], assignee: 'officer' } : {});
      await createUserTask(db.ds, t);
      ids.push(t.taskId);
    }
    await createUserTask(db.ds, taskInput({ agency: 'SXD' }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTasks(db.ds, { viewer: officer, states: ['OPEN', 'COMPLETING'], cursor, limit: 5 });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    await closeUserTask(db.ds, { taskId: ids[0], state: 'CANCELED', at: '2026-01-02T00:00:00.000Z' });
    await beginTaskCompletion(db.ds, ids[1]);
    await beginTaskCompletion(db.ds, ids[2]);
    await revertTaskCompletion(db.ds, ids[2]);
    const inbox = await listTasks(db.ds, { viewer: officer, states: ['OPEN', 'COMPLETING'], limit: 50 });
    expect(inbox.items.map((t) => t.id)).toEqual(ids.slice(1));
    // ids[1] is offered to the viewer's groups, ids[4] only assigned to the viewer: both stay while completing
    await beginTaskCompletion(db.ds, ids[4]);
    const during = await listTasks(db.ds, { viewer: officer, states: ['OPEN', 'COMPLETING'], limit: 50 });
    expect(during.items.filter((t) => t.state === 'COMPLETING').map((t) => t.id)).toEqual([ids[1], ids[4]]);
    expect(during.items.map((t) => t.id)).toEqual(ids.slice(1));
    const open = await listTasks(db.ds, { viewer: officer, states: ['OPEN'], limit: 50 });
    expect(open.items.map((t) => t.id)).toEqual(ids.slice(2).filter((id) => id !== ids[4]));
  });

  it('lets exactly one of two concurrent completions begin', async () => {
    const t = taskInput();
    await createUserTask(db.ds, t);
    const outcomes = await Promise.all([beginTaskCompletion(db.ds, t.taskId), beginTaskCompletion(db.ds, t.taskId)]);
    expect(outcomes.sort()).toEqual(['conflict', 'ok']);
    await expect(revertTaskCompletion(db.ds, t.taskId)).resolves.toBe('ok');
    await expect(beginTaskCompletion(db.ds, t.taskId)).resolves.toBe('ok');
    await expect(finishTaskCompletion(db.ds, t.taskId, 'officer', { ok: true })).resolves.toBe('ok');
    expect(await getTask(db.ds, t.taskId)).toMatchObject({ state: 'COMPLETED', completedBy: 'officer', variables: { ok: true } });
    await expect(beginTaskCompletion(db.ds, t.taskId)).resolves.toBe('conflict');
    await expect(beginTaskCompletion(db.ds, 'nope')).resolves.toBe('not-found');
  });

  it('records an accepted completion with its submitted variables whoever closed the row first (the worker keeps its who/when)', async () => {
    const workerFirst = taskInput();
    const apiFirst = taskInput();
    for (const t of [workerFirst, apiFirst]) {
      await createUserTask(db.ds, t);
      await beginTaskCompletion(db.ds, t.taskId);
    }
    await closeUserTask(db.ds, { taskId: workerFirst.taskId, state: 'COMPLETED', by: 'worker-saw', at: '2026-01-02T03:00:00.000Z' });
    await recordTaskCompletion(db.ds, workerFirst.taskId, 'officer', { approved: true, note: 'đủ hồ sơ' });
    expect(await getTask(db.ds, workerFirst.taskId)).toMatchObject({ state: 'COMPLETED', completedBy: 'worker-saw', completedAt: new Date('2026-01-02T03:00:00.000Z'), variables: { approved: true, note: 'đủ hồ sơ' } });

    await recordTaskCompletion(db.ds, apiFirst.taskId, 'officer', { approved: false });
    expect(await getTask(db.ds, apiFirst.taskId)).toMatchObject({ state: 'COMPLETED', completedBy: 'officer', variables: { approved: false } });
    // no longer offered to its candidates
    expect((await db.ds.getRepository(TaskCandidateEntity).findBy({ taskId: apiFirst.taskId })).map((c) => Number(c.isOpen))).toEqual([0]);
  });

  it('reopens completions left COMPLETING past the lease, and only those', async () => {
    const stuck = taskInput();
    const fresh = taskInput();
    for (const t of [stuck, fresh]) {
      await createUserTask(db.ds, t);
      await beginTaskCompletion(db.ds, t.taskId);
    }
    await db.ds.query(`UPDATE tasks SET completing_since = :old WHERE id = :id`.replace(':old', kind === 'postgres' ? "'2020-01-01T00:00:00Z'" : "'2020-01-01 00:00:00.000'").replace(':id', `'${stuck.taskId}'`));
    await expect(reopenStaleCompletions(db.ds, new Date(Date.now() - 60_000))).resolves.toEqual([stuck.taskId]);
    expect(await getTask(db.ds, stuck.taskId)).toMatchObject({ state: 'OPEN', completingSince: null });
    expect((await getTask(db.ds, fresh.taskId))?.state).toBe('COMPLETING');
    const inbox = await listTasks(db.ds, { viewer: officer, states: ['OPEN'], limit: 10 });
    expect(inbox.items.map((t) => t.id)).toEqual([stuck.taskId]);
  });

  it('claims and unclaims', async () => {
    const t = taskInput();
    await createUserTask(db.ds, t);
    await expect(claimTask(db.ds, t.taskId, 'officer')).resolves.toBe('ok');
    await expect(claimTask(db.ds, t.taskId, 'officer')).resolves.toBe('ok');
    await expect(claimTask(db.ds, t.taskId, 'other')).resolves.toBe('conflict');
    await expect(unclaimTask(db.ds, t.taskId, 'other')).resolves.toBe('conflict');
    await expect(unclaimTask(db.ds, t.taskId, 'officer')).resolves.toBe('ok');
    expect(await getTask(db.ds, t.taskId)).toMatchObject({ assignee: null, claimedAt: null });
  });

  it('filters by due date', async () => {
    const soon = taskInput({ dueAt: '2026-01-02T00:00:00.000Z' });
    const later = taskInput({ dueAt: '2026-03-01T00:00:00.000Z' });
    await createUserTask(db.ds, soon);
    await createUserTask(db.ds, later);
    await createUserTask(db.ds, taskInput());
    const page = await listTasks(db.ds, { dueBefore: new Date('2026-02-01T00:00:00Z'), limit: 10 });
    expect(page.items.map((t) => t.id)).toEqual([soon.taskId]);
  });
});
