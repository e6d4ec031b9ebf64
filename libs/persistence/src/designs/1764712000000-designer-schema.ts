import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The designer (issue 12), one text for SQLite and PostgreSQL: drafts with their editors and
 * comments, published versions (XML with layout, author, note, engine version), and the
 * content-addressed form-js schemas.
 */
export class DesignerSchema1764712000000 implements MigrationInterface {
  name = 'DesignerSchema1764712000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    for (const sql of [
      `CREATE TABLE procedure_drafts (
        id varchar(36) PRIMARY KEY,
        process_key varchar(255) NULL,
        name varchar(500) NOT NULL,
        agency_code varchar(64) NULL,
        xml text NOT NULL,
        revision integer NOT NULL,
        base_version integer NULL,
        created_by varchar(128) NOT NULL,
        created_at ${ts} NOT NULL,
        updated_by varchar(128) NOT NULL,
        updated_at ${ts} NOT NULL)`,
      `CREATE INDEX ix_procedure_drafts_key ON procedure_drafts (process_key)`,
      `CREATE TABLE procedure_draft_editors (
        draft_id varchar(36) NOT NULL REFERENCES procedure_drafts(id) ON DELETE CASCADE,
        username varchar(128) NOT NULL,
        opened_at ${ts} NOT NULL,
        seen_at ${ts} NOT NULL,
        PRIMARY KEY (draft_id, username))`,
      `CREATE TABLE procedure_draft_comments (
        id varchar(36) PRIMARY KEY,
        draft_id varchar(36) NOT NULL REFERENCES procedure_drafts(id) ON DELETE CASCADE,
        element_id varchar(255) NULL,
        author varchar(128) NOT NULL,
        body text NOT NULL,
        created_at ${ts} NOT NULL)`,
      `CREATE INDEX ix_procedure_draft_comments_draft ON procedure_draft_comments (draft_id, created_at)`,
      `CREATE TABLE procedure_versions (
        id varchar(36) PRIMARY KEY,
        process_key varchar(255) NOT NULL,
        number integer NOT NULL,
        name varchar(500) NULL,
        xml text NOT NULL,
        note text NOT NULL,
        author varchar(128) NOT NULL,
        published_at ${ts} NOT NULL,
        draft_id varchar(36) NULL,
        definition_id varchar(36) NOT NULL REFERENCES process_definitions(id),
        definition_version integer NOT NULL)`,
      `CREATE UNIQUE INDEX uq_procedure_versions_key_number ON procedure_versions (process_key, number)`,
      `CREATE TABLE forms (
        hash varchar(64) PRIMARY KEY,
        schema text NOT NULL,
        created_by varchar(128) NOT NULL,
        created_at ${ts} NOT NULL)`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['forms', 'procedure_versions', 'procedure_draft_comments', 'procedure_draft_editors', 'procedure_drafts']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
