/**
 * A completion's hand-off is ONE transaction (runs after `tthc-one-write-handoff`): recordProgress with
 * `inbox` writes the completed task's close and its `task.complete` audit entries, the row of the task
 * it opened (with its candidate groups), the element history and the projection — all or nothing. The
 * failures are real database refusals (a trigger, withInsertRefused) on SQLite and, with DATABASE_URL,
 * PostgreSQL; the retry the engine makes afterwards writes each row exactly once.
 */
import type { CreateUserTaskInput, ProgressInput } from '@tthc/contracts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuditKeys, setAuditKeys } from '../../audit/audit-keys';
import { AuditEntryEntity } from '../../audit/audit-entry.entity';
import { verifyAuditChain } from '../../audit/audit.store';
import { withInsertRefused } from '../../testing/insert-refusal';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import { TaskCandidateEntity } from '../../tasks/task-candidate.entity';
import { TaskEntity } from '../../tasks/task.entity';
import { createUserTask } from '../../tasks/task.store';
import { ElementHistoryEntity } from '../element-history.entity';
import { getInstance, insertInstance, recordProgress } from '../instance.store';

const AT = '2026-03-02T03:00:00.000Z';

function task(id: string, elementId: string, createdAt: string): CreateUserTaskInput {
  return { taskId: id, instanceId: 'i1', processKey: 'p', version: 1, elementId, elementInstanceId: `ei-${id}`, name: elementId, candidateGroups: ['HCTP'], agency: 'STP', variables: {}, createdAt };
}

/** the hand-off of completing `receive` (opened earlier): close + audit, the review task, the history, the projection */
const handoff: ProgressInput = {
  instanceId: 'i1',
  state: 'ACTIVE',
  activeElements: { Review: 1 },
  variables: { step1: true },
  elements: [
    { elementInstanceId: 'ei-receive', elementId: 'Receive', elementType: 'userTask', state: 'COMPLETED', startedAt: '2026-03-02T02:00:00.000Z', endedAt: AT, by: 'officer' },
    { elementInstanceId: 'ei-review', elementId: 'Review', elementType: 'userTask', state: 'ACTIVE', startedAt: AT },
  ],
  at: AT,
  inbox: {
    open: [task('review', 'Review', AT)],
    close: [{ taskId: 'receive', state: 'COMPLETED', by: 'officer', at: AT, variables: { step1: true } }],
  },
};

describe.each(testDatabaseKinds())('a completion hand-off on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
    setAuditKeys(db.ds, loadAuditKeys({ dataDir: mkdtempSync(join(tmpdir(), 'tthc-handoff-audit-')) }));
    await insertInstance(db.ds, { id: 'i1', processKey: 'p', version: 1, definitionId: 'd1', variables: {}, workflowId: 'pi/i1', startedAt: new Date('2026-03-02T02:00:00Z') });
    await createUserTask(db.ds, task('receive', 'Receive', '2026-03-02T02:00:00.000Z'));
  });
  afterEach(() => db.close());

  /** what an officer and an auditor see of the instance */
  async function seen() {
    const ds = db.ds;
    const tasks = await ds.getRepository(TaskEntity).find({ order: { id: 'ASC' } });
    return {
      tasks: tasks.map((t) => [t.id, t.state, t.completedBy]),
      openOffers: (await ds.getRepository(TaskCandidateEntity).find({ where: { isOpen: 1 }, order: { taskId: 'ASC' } })).map((c) => [c.taskId, c.groupName]),
      history: (await ds.getRepository(ElementHistoryEntity).find({ order: { seq: 'ASC' } })).map((e) => [e.elementId, e.state]),
      projection: (await getInstance(ds, 'i1'))!.activeElements,
      audit: (await ds.getRepository(AuditEntryEntity).find({ where: { action: 'task.complete' }, order: { seq: 'ASC' } })).map((a) => [a.entity, a.entityId]),
    };
  }

  it.each([
    ['the next task row', 'tasks', "NEW.id = 'review'"],
    ['the element history', 'element_history', "NEW.element_id = 'Review'"],
    ['the audit entry of the close', 'audit_log', "NEW.action = 'task.complete'"],
  ])('refused at %s: nothing of the hand-off is written; the retry writes each row once', async (_what, table, when) => {
    const before = await seen();
    expect(before).toMatchObject({ tasks: [['receive', 'OPEN', null]], history: [], audit: [] });

    await withInsertRefused(db, table, when, () => expect(recordProgress(db.ds, handoff)).rejects.toThrow(/refused by test/));
    expect(await seen()).toEqual(before);

    await recordProgress(db.ds, handoff);
    await recordProgress(db.ds, handoff); // an at-least-once local activity may run again after committing
    expect(await seen()).toEqual({
      tasks: [
        ['receive', 'COMPLETED', 'officer'],
        ['review', 'OPEN', null],
      ],
      openOffers: [['review', 'HCTP']],
      history: [
        ['Receive', 'COMPLETED'],
        ['Review', 'ACTIVE'],
      ],
      projection: { Review: 1 },
      audit: [
        ['task', 'receive'],
        ['process-instance', 'i1'],
      ],
    });
    expect((await verifyAuditChain(db.ds)).ok).toBe(true);
  });

  it('closes a task opened in the same write after creating it (a task opened and cancelled in one burst)', async () => {
    await recordProgress(db.ds, { ...handoff, inbox: { open: [task('quick', 'Quick', AT)], close: [{ taskId: 'quick', state: 'CANCELED', at: AT }] } });
    expect((await db.ds.getRepository(TaskEntity).findOneByOrFail({ id: 'quick' })).state).toBe('CANCELED');
    expect(await db.ds.getRepository(TaskCandidateEntity).countBy({ taskId: 'quick', isOpen: 1 })).toBe(0);
  });
});
