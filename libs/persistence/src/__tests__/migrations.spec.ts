import { runMigrations } from '../data-source';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/test-database';

describe.each(testDatabaseKinds())('migrations on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('creates every table and records the migration once', async () => {
    for (const table of ['agencies', 'units', 'users', 'process_definitions', 'process_instances',
      'element_history', 'tasks', 'task_candidates', 'audit_log']) {
      await expect(db.ds.query(`SELECT COUNT(*) AS n FROM ${table}`)).resolves.toHaveLength(1);
    }
    await runMigrations(db.ds); // second run: nothing pending, no error
    const applied = await db.ds.query('SELECT name FROM schema_migrations');
    expect(applied.map((r: { name: string }) => r.name)).toEqual(['InitialSchema1763800000000', 'CalendarSchema1763900000000', 'ElementHistorySeq1763950000000', 'InboxIndex1764000000000', 'InstanceIncidents1764100000000', 'TaskCompletingSince1764200000000', 'DocumentsSchema1764400000000', 'DossiersSchema1764500000000', 'AuditHeadCheckpoints1764600000000', 'UserTokenVersion1764610000000', 'DossierStepGuardsSchema1764620000000', 'DossierEventKeys1764700000000', 'ProcedureCatalogStatus1764710000000', 'SignatureSessionsSchema1764711000000', 'DesignerSchema1764712000000', 'DossierApologyRequired1764713000000', 'UserTitle1764713100000', 'SavedFilters1764731200000', 'DraftForms1764740000000']);
  });

  it('has the partial index on open tasks', async () => {
    const rows: Array<{ def: string }> =
      kind === 'postgres'
        ? await db.ds.query(`SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'ix_tasks_open_agency' AND schemaname = current_schema()`)
        : await db.ds.query(`SELECT sql AS def FROM sqlite_master WHERE name = 'ix_tasks_open_agency'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].def).toMatch(/WHERE.*state.*OPEN/i);
  });
});
