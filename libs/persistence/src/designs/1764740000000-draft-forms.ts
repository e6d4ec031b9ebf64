import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The forms edited in a draft: form id → stored schema hash (one text for SQLite and PostgreSQL). */
export class DraftForms1764740000000 implements MigrationInterface {
  name = 'DraftForms1764740000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`CREATE TABLE procedure_draft_forms (
      draft_id varchar(36) NOT NULL REFERENCES procedure_drafts(id) ON DELETE CASCADE,
      form_id varchar(255) NOT NULL,
      hash varchar(64) NOT NULL,
      updated_by varchar(128) NOT NULL,
      updated_at ${ts} NOT NULL,
      PRIMARY KEY (draft_id, form_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE procedure_draft_forms');
  }
}
