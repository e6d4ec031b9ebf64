import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Pending token signatures (prepare → complete), SQLite + PostgreSQL. */
export class SignatureSessionsSchema1764711000000 implements MigrationInterface {
  name = 'SignatureSessionsSchema1764711000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`CREATE TABLE signature_sessions (
      id varchar(36) PRIMARY KEY,
      document_id varchar(36) NOT NULL,
      dossier_id varchar(36) NOT NULL,
      created_by varchar(128) NOT NULL,
      created_at ${ts} NOT NULL,
      expires_at ${ts} NOT NULL,
      completed_at ${ts} NULL,
      signed_document_id varchar(36) NULL,
      signer_certificate text NOT NULL,
      algorithm varchar(32) NOT NULL,
      byte_range text NOT NULL,
      digest varchar(64) NOT NULL,
      field_name varchar(255) NOT NULL,
      reason varchar(255) NULL,
      prepared_pdf text NOT NULL)`);
    await q.query('CREATE INDEX ix_signature_sessions_expires ON signature_sessions (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE signature_sessions');
  }
}
