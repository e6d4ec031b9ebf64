import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Inbox filters saved on the server, private or shared with a unit (SQLite + PostgreSQL). */
export class SavedFilters1764731200000 implements MigrationInterface {
  name = 'SavedFilters1764731200000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`CREATE TABLE saved_filters (
      id varchar(36) PRIMARY KEY,
      name varchar(100) NOT NULL,
      owner varchar(128) NOT NULL,
      agency_code varchar(64),
      unit_code varchar(64),
      filter text NOT NULL,
      created_at ${ts} NOT NULL,
      updated_at ${ts} NOT NULL)`);
    await q.query('CREATE INDEX ix_saved_filters_owner ON saved_filters (owner)');
    await q.query('CREATE INDEX ix_saved_filters_unit ON saved_filters (agency_code, unit_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE saved_filters');
  }
}
