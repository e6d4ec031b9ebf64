import type { TestDatabase } from './test-database';

/**
 * Runs `fn` while the database refuses every insert into `table` whose new row matches `when`
 * (an SQL condition on NEW, e.g. `NEW.kind = 'document.generated'`): a real trigger on PostgreSQL
 * or SQLite, so a spec can show that a change whose last write fails leaves nothing written.
 */
export async function withInsertRefused<T>(db: Pick<TestDatabase, 'kind' | 'ds'>, table: string, when: string, fn: () => Promise<T>): Promise<T> {
  const create =
    db.kind === 'postgres'
      ? [
          `CREATE FUNCTION tthc_test_refuse() RETURNS trigger AS $$ BEGIN IF ${when} THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
          `CREATE TRIGGER tthc_test_refuse BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION tthc_test_refuse()`,
        ]
      : [`CREATE TRIGGER tthc_test_refuse BEFORE INSERT ON ${table} FOR EACH ROW WHEN ${when} BEGIN SELECT RAISE(ABORT, 'refused by test'); END`];
  const drop = db.kind === 'postgres' ? [`DROP TRIGGER tthc_test_refuse ON ${table}`, 'DROP FUNCTION tthc_test_refuse()'] : ['DROP TRIGGER tthc_test_refuse'];
  for (const sql of create) await db.ds.query(sql);
  try {
    return await fn();
  } finally {
    for (const sql of drop) await db.ds.query(sql);
  }
}
