import type { ProgressInput } from '@tthc/contracts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import { getElementHistory, getInstance, insertInstance, listInstances, recordProgress } from '../instance.store';

function progress(over: Partial<ProgressInput> = {}): ProgressInput {
  return { instanceId: 'i1', state: 'ACTIVE', activeElements: {}, variables: {}, elements: [], at: '2026-01-01T08:00:01.000Z', ...over };
}

describe.each(testDatabaseKinds())('instance store on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
  });
  afterEach(() => db.close());

  it('projects progress onto the row the API inserted, and keeps element history in order', async () => {
    await insertInstance(db.ds, {
      id: 'i1', processKey: 'p', version: 2, definitionId: 'd2', variables: { x: 1 }, workflowId: 'pi/i1',
      startedBy: 'officer', startedAt: new Date('2026-01-01T08:00:00Z'),
    });
    await recordProgress(db.ds, progress({
      activeElements: { Review: 1 },
      variables: { x: 1, y: 'a' },
      elements: [
        { elementInstanceId: 'e1', elementId: 'Start', elementType: 'startEvent', state: 'COMPLETED', startedAt: '2026-01-01T08:00:01.000Z', endedAt: '2026-01-01T08:00:01.000Z' },
        { elementInstanceId: 'e2', elementId: 'Review', elementType: 'userTask', name: 'Xem xét', state: 'ACTIVE', startedAt: '2026-01-01T08:00:01.001Z' },
      ],
    }));
    expect(await getInstance(db.ds, 'i1')).toMatchObject({ state: 'ACTIVE', activeElements: { Review: 1 }, variables: { x: 1, y: 'a' }, startedBy: 'officer', version: 2 });

    const done = progress({
      state: 'COMPLETED', at: '2026-01-01T09:00:00.000Z', variables: { x: 2 },
      elements: [
        { elementInstanceId: 'e2', elementId: 'Review', elementType: 'userTask', name: 'Xem xét', state: 'COMPLETED', startedAt: '2026-01-01T08:00:01.001Z', endedAt: '2026-01-01T09:00:00.000Z', by: 'officer' },
        { elementInstanceId: 'e3', elementId: 'End', elementType: 'endEvent', state: 'COMPLETED', startedAt: '2026-01-01T09:00:00.000Z', endedAt: '2026-01-01T09:00:00.000Z' },
      ],
    });
    await recordProgress(db.ds, done);
    await recordProgress(db.ds, done); // retried activity: same result
    // a late, stale record must not move the instance or the element back
    await recordProgress(db.ds, progress({
      elements: [{ elementInstanceId: 'e2', elementId: 'Review', elementType: 'userTask', state: 'ACTIVE', startedAt: '2026-01-01T08:00:01.001Z' }],
    }));

    const inst = await getInstance(db.ds, 'i1');
    expect(inst).toMatchObject({ state: 'COMPLETED', activeElements: {}, variables: { x: 2 } });
    expect(inst?.endedAt?.toISOString()).toBe('2026-01-01T09:00:00.000Z');
    const history = await getElementHistory(db.ds, 'i1');
    expect(history.map((e) => [e.elementId, e.state, e.by])).toEqual([
      ['Start', 'COMPLETED', null],
      ['Review', 'COMPLETED', 'officer'],
      ['End', 'COMPLETED', null],
    ]);
  });

  it('orders history by report order when the workflow clock gives equal timestamps', async () => {
    const at = '2026-01-01T08:00:00.000Z';
    const rec = (id: string, state: 'ACTIVE' | 'COMPLETED' = 'COMPLETED') => ({ elementInstanceId: `x-${id}`, elementId: id, elementType: 'task', state, startedAt: at });
    await recordProgress(db.ds, progress({ instanceId: 'i2', processKey: 'p', elements: [rec('Zeta'), rec('Alpha', 'ACTIVE')] }));
    await recordProgress(db.ds, progress({ instanceId: 'i2', elements: [rec('Alpha'), rec('Mu')] }));
    expect((await getElementHistory(db.ds, 'i2')).map((e) => `${e.elementId}:${e.state}`)).toEqual(['Zeta:COMPLETED', 'Alpha:COMPLETED', 'Mu:COMPLETED']);
  });

  it('creates the projection when the workflow was started elsewhere', async () => {
    await recordProgress(db.ds, progress({ instanceId: 'i9', processKey: 'child', version: 1, definitionId: 'd', activeElements: { A: 1 }, parentInstanceId: 'i1' }));
    expect(await getInstance(db.ds, 'i9')).toMatchObject({ processKey: 'child', state: 'ACTIVE', workflowId: 'pi/i9', parentInstanceId: 'i1', incidents: [] });
  });

  it('keeps the open incidents of an instance', async () => {
    const incident = { id: 'inc-1', elementId: 'Pay', message: 'payment gateway down' };
    await recordProgress(db.ds, progress({ instanceId: 'i5', processKey: 'p', incidents: [incident] }));
    expect((await getInstance(db.ds, 'i5'))?.incidents).toEqual([incident]);
    await recordProgress(db.ds, progress({ instanceId: 'i5' })); // a reporter without incidents keeps them
    expect((await getInstance(db.ds, 'i5'))?.incidents).toEqual([incident]);
    await recordProgress(db.ds, progress({ instanceId: 'i5', incidents: [] }));
    expect((await getInstance(db.ds, 'i5'))?.incidents).toEqual([]);
  });

  it('lists newest first with keyset paging and filters', async () => {
    for (let i = 0; i < 7; i++) {
      await insertInstance(db.ds, {
        id: `i${i}`, processKey: i % 2 ? 'odd' : 'even', version: 1, definitionId: 'd', variables: {}, workflowId: `pi/i${i}`,
        startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i < 4 ? 0 : i)),
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInstances(db.ds, { cursor, limit: 3 });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['i6', 'i5', 'i4', 'i3', 'i2', 'i1', 'i0']);
    const odd = await listInstances(db.ds, { processKey: 'odd', limit: 10 });
    expect(odd.items.map((i) => i.id)).toEqual(['i5', 'i3', 'i1']);
  });
});
