import type { ExecutableGraph } from '@tthc/contracts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/test-database';
import { getDefinition, graphHash, listDefinitions, saveDefinition } from '../definition.store';

function graph(processKey: string, names: string[]): ExecutableGraph {
  const nodes = Object.fromEntries(names.map((n) => [n, { id: n, type: 'task', incoming: [], outgoing: [] }]));
  return { format: 1, processKey, root: { nodes, flows: {}, startEvents: [] } };
}

describe.each(testDatabaseKinds())('definition store on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
  });
  afterEach(() => db.close());

  it('versions a key only when its graph changes', async () => {
    const v1 = await saveDefinition(db.ds, { key: 'p', xml: '<a/>', graph: graph('p', ['A']), deployedBy: 'analyst' });
    expect(v1).toMatchObject({ key: 'p', version: 1, created: true, hash: graphHash(graph('p', ['A'])) });
    const same = await saveDefinition(db.ds, { key: 'p', xml: '<a />', graph: graph('p', ['A']) });
    expect(same).toMatchObject({ id: v1.id, version: 1, created: false });
    const v2 = await saveDefinition(db.ds, { key: 'p', xml: '<b/>', graph: graph('p', ['A', 'B']) });
    expect(v2).toMatchObject({ version: 2, created: true });
    await saveDefinition(db.ds, { key: 'q', xml: '<q/>', graph: graph('q', ['Q']) });

    expect((await getDefinition(db.ds, 'p'))?.version).toBe(2);
    expect((await getDefinition(db.ds, 'p', 1))?.xml).toBe('<a/>');
    expect(await getDefinition(db.ds, 'p', 3)).toBeNull();
    expect((await getDefinition(db.ds, 'p', 2))?.graph).toEqual(graph('p', ['A', 'B']));
    expect((await listDefinitions(db.ds)).map((d) => `${d.key}@${d.version}`)).toEqual(['p@1', 'p@2', 'q@1']);
    expect((await listDefinitions(db.ds, { latestOnly: true })).map((d) => `${d.key}@${d.version}`)).toEqual(['p@2', 'q@1']);
  });

  it('gives concurrent deployments of one key distinct versions', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => saveDefinition(db.ds, { key: 'c', xml: `<x${n}/>`, graph: graph('c', [`N${n}`]) })),
    );
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4]);
  });
});
