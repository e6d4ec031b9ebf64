import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Dossier documents and their versions (SQLite + PostgreSQL). */
export class DocumentsSchema1764400000000 implements MigrationInterface {
  name = 'DocumentsSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const ts = pg ? 'timestamptz' : 'datetime';
    for (const sql of [
      `CREATE TABLE documents (
        id varchar(36) PRIMARY KEY,
        instance_id varchar(36) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('component', 'result', 'notice', 'other', 'signature')),
        name varchar(255) NOT NULL,
        media_type varchar(127) NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 varchar(64) NOT NULL,
        storage_key varchar(255) NOT NULL,
        uploaded_by varchar(128) NOT NULL,
        uploaded_at ${ts} NOT NULL,
        version integer NOT NULL,
        supersedes_id varchar(36) NULL UNIQUE REFERENCES documents(id),
        is_current boolean NOT NULL,
        signs_document_id varchar(36) NULL REFERENCES documents(id),
        signature_summary text NOT NULL)`,
      `CREATE INDEX ix_documents_instance ON documents (instance_id, uploaded_at, id)`,
      `CREATE INDEX ix_documents_signs ON documents (signs_document_id)`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE documents');
  }
}
