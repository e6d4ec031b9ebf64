/**
 * Upgrading a database that already holds rows: the first migrations run alone, rows are
 * written in the old shape, then the rest of the migrations must backfill them correctly.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../data-source';
import { MIGRATIONS } from '../migrations';
import { testDatabaseKinds } from '../testing/test-database';

// the schema just before the inbox index
const FIRST = MIGRATIONS.findIndex((m) => m.name === 'InboxIndex1764000000000');

describe.each(testDatabaseKinds())('upgrading a populated database on %s', (kind) => {
  let options: ReturnType<typeof dataSourceOptions>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'tthc-upgrade-'));
      options = dataSourceOptions({ sqlitePath: join(dir, 'db.sqlite') });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const base = process.env.DATABASE_URL as string;
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.end();
      const url = new URL(base);
      url.searchParams.set('options', `-c search_path=${schema}`);
      options = dataSourceOptions({ databaseUrl: url.toString(), poolSize: 2 });
      cleanup = async () => {
        const d = new Client({ connectionString: base });
        await d.connect();
        await d.query(`DROP SCHEMA ${schema} CASCADE`);
        await d.end();
      };
    }
  });
  afterAll(() => cleanup());

  it('backfills the inbox index and the new instance columns', async () => {
    expect(FIRST).toBeGreaterThan(0);
    const old = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, FIRST) } as typeof options);
    await runMigrations(old);
    const at = kind === 'postgres' ? '2026-01-01T08:00:00Z' : '2026-01-01 08:00:00.000';
    const task = (id: string, state: string, agency: string | null, assignee: string | null) =>
      old.query(
        `INSERT INTO tasks (id, instance_id, process_key, version, element_id, element_instance_id, candidate_groups, agency_code, state, created_at, variables, assignee)
         VALUES ('${id}', 'i1', 'p', 1, 'E', 'e-${id}', '[]', ${agency ? `'${agency}'` : 'NULL'}, '${state}', '${at}', '{}', ${assignee ? `'${assignee}'` : 'NULL'})`,
      );
    await task('grouped', 'OPEN', 'STP', null);
    await old.query(`INSERT INTO task_candidates (task_id, group_name) VALUES ('grouped', 'MOTCUA')`);
    await task('nobodys', 'OPEN', null, null);
    await task('assigned', 'OPEN', 'STP', 'officer');
    await task('done', 'COMPLETED', 'STP', null);
    await old.query(`INSERT INTO task_candidates (task_id, group_name) VALUES ('done', 'MOTCUA')`);
    await old.query(
      `INSERT INTO process_instances (id, process_key, version, definition_id, state, active_elements, variables, started_at, updated_at, workflow_id)
       VALUES ('i1', 'p', 1, 'd', 'ACTIVE', '{}', '{}', '${at}', '${at}', 'pi/i1')`,
    );
    await old.destroy();

    const ds = new DataSource(options);
    await runMigrations(ds);
    const rows: Array<{ task_id: string; group_name: string; agency_code: string; is_open: number | string; created_at: unknown }> = await ds.query(
      `SELECT task_id, group_name, agency_code, is_open, created_at FROM task_candidates ORDER BY task_id, group_name`,
    );
    expect(rows.map((r) => [r.task_id, r.group_name, r.agency_code, Number(r.is_open), r.created_at !== null])).toEqual([
      ['done', 'MOTCUA', 'STP', 0, true],
      ['grouped', 'MOTCUA', 'STP', 1, true],
      ['nobodys', '*', '', 1, true],
    ]);
    const [inst] = await ds.query(`SELECT incidents, parent_instance_id FROM process_instances WHERE id = 'i1'`);
    expect(inst).toEqual({ incidents: '[]', parent_instance_id: null });
    await ds.destroy();
  });
});
