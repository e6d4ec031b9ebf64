import type { MigrationInterface, QueryRunner } from 'typeorm';

/** form-js schemas deployed with process versions, content-addressed (SQLite + PostgreSQL). */
export class FormSchemas1764731100000 implements MigrationInterface {
  name = 'FormSchemas1764731100000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`CREATE TABLE form_schemas (
      sha256 varchar(64) PRIMARY KEY,
      form_id varchar(255) NOT NULL,
      schema text NOT NULL,
      created_at ${ts} NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE form_schemas');
  }
}
