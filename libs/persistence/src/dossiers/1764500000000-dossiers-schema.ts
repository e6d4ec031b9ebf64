import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dossier aggregate (issue 10), one text for SQLite and PostgreSQL: procedures
 * catalog, dossiers, components, the per-dossier hash-chained event log, national
 * progress records and their sync outbox, daily code sequences, and `dossier_id` on
 * process instances, tasks and documents (plus the form / result code of a document).
 */
export class DossiersSchema1764500000000 implements MigrationInterface {
  name = 'DossiersSchema1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const ts = pg ? 'timestamptz' : 'datetime';
    const serial = pg ? 'bigserial PRIMARY KEY' : 'integer PRIMARY KEY AUTOINCREMENT';
    const no = pg ? 'false' : '0';
    for (const sql of [
      `CREATE TABLE procedures (
        code varchar(32) PRIMARY KEY,
        process_key varchar(255) NOT NULL UNIQUE,
        name varchar(500) NOT NULL,
        agency_code varchar(64) NOT NULL,
        field varchar(255) NOT NULL,
        level varchar(32) NOT NULL,
        statutory_days integer NOT NULL,
        cutoff varchar(5) NULL,
        fees text NOT NULL,
        components text NOT NULL,
        result_documents text NOT NULL,
        legal_basis text NOT NULL,
        source_hash varchar(64) NOT NULL,
        updated_at ${ts} NOT NULL)`,
      `CREATE TABLE dossiers (
        id varchar(36) PRIMARY KEY,
        code varchar(64) NULL UNIQUE,
        procedure_code varchar(32) NOT NULL REFERENCES procedures(code),
        process_key varchar(255) NOT NULL,
        definition_id varchar(36) NOT NULL,
        definition_version integer NOT NULL,
        instance_id varchar(36) NOT NULL UNIQUE,
        agency_code varchar(64) NOT NULL,
        receiving_unit varchar(64) NOT NULL,
        channel integer NOT NULL CHECK (channel IN (1, 2, 3)),
        applicant_type integer NOT NULL CHECK (applicant_type IN (1, 2, 3, 4)),
        applicant_name varchar(255) NOT NULL,
        applicant_id_number varchar(32) NOT NULL,
        applicant_address varchar(500) NOT NULL,
        applicant_phone varchar(32) NULL,
        applicant_email varchar(255) NULL,
        summary text NOT NULL,
        status integer NOT NULL CHECK (status BETWEEN 1 AND 10),
        submitted_at ${ts} NOT NULL,
        received_at ${ts} NULL,
        due_at ${ts} NULL,
        original_due_at ${ts} NULL,
        paused_working_ms bigint NOT NULL DEFAULT 0,
        paused_at ${ts} NULL,
        finished_at ${ts} NULL,
        returned_at ${ts} NULL,
        apology_count integer NOT NULL DEFAULT 0,
        supplement_count integer NOT NULL DEFAULT 0,
        late_receipt boolean NOT NULL DEFAULT ${no},
        created_at ${ts} NOT NULL,
        created_by varchar(128) NOT NULL,
        version integer NOT NULL,
        event_count integer NOT NULL DEFAULT 0,
        event_head varchar(64) NOT NULL)`,
      // keyset lists, newest first, always inside one agency (or all, for admin/auditor)
      `CREATE INDEX ix_dossiers_agency_created ON dossiers (agency_code, created_at, id)`,
      `CREATE INDEX ix_dossiers_created ON dossiers (created_at, id)`,
      `CREATE INDEX ix_dossiers_status ON dossiers (agency_code, status, created_at, id)`,
      `CREATE INDEX ix_dossiers_applicant ON dossiers (applicant_id_number, created_at, id)`,
      `CREATE INDEX ix_dossiers_procedure ON dossiers (procedure_code, created_at, id)`,
      `CREATE INDEX ix_dossiers_due ON dossiers (due_at)`,
      `CREATE TABLE dossier_components (
        id varchar(36) PRIMARY KEY,
        dossier_id varchar(36) NOT NULL REFERENCES dossiers(id),
        ordinal integer NOT NULL,
        component_key varchar(64) NOT NULL,
        name varchar(500) NOT NULL,
        form varchar(16) NOT NULL CHECK (form IN ('original', 'copy', 'certified-copy')),
        count integer NOT NULL,
        required boolean NOT NULL,
        document_id varchar(36) NULL REFERENCES documents(id),
        reused_document_id varchar(36) NULL REFERENCES documents(id),
        updated_at ${ts} NOT NULL)`,
      `CREATE UNIQUE INDEX uq_dossier_components_key ON dossier_components (dossier_id, component_key)`,
      `CREATE TABLE dossier_events (
        dossier_id varchar(36) NOT NULL REFERENCES dossiers(id),
        seq integer NOT NULL,
        kind varchar(64) NOT NULL,
        actor varchar(128) NOT NULL,
        unit varchar(64) NULL,
        at ${ts} NOT NULL,
        payload text NOT NULL,
        prev_hash varchar(64) NOT NULL,
        hash varchar(64) NOT NULL,
        PRIMARY KEY (dossier_id, seq))`,
      `CREATE TABLE dossier_progress (
        id varchar(36) PRIMARY KEY,
        dossier_id varchar(36) NOT NULL REFERENCES dossiers(id),
        seq integer NOT NULL,
        event_seq integer NOT NULL,
        dossier_code varchar(64) NOT NULL,
        handler varchar(255) NOT NULL,
        handler_title varchar(255) NOT NULL,
        handled_at ${ts} NOT NULL,
        unit_name varchar(255) NOT NULL,
        content text NOT NULL,
        status integer NOT NULL,
        started_at ${ts} NULL,
        due_at ${ts} NULL)`,
      `CREATE UNIQUE INDEX uq_dossier_progress_seq ON dossier_progress (dossier_id, seq)`,
      `CREATE TABLE dossier_sync_outbox (
        id ${serial},
        dossier_id varchar(36) NOT NULL,
        progress_id varchar(36) NOT NULL UNIQUE,
        kind varchar(32) NOT NULL,
        payload text NOT NULL,
        created_at ${ts} NOT NULL,
        sent_at ${ts} NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL)`,
      `CREATE INDEX ix_dossier_sync_outbox_pending ON dossier_sync_outbox (id) WHERE sent_at IS NULL`,
      `CREATE TABLE dossier_code_sequences (
        unit_code varchar(64) NOT NULL,
        day varchar(6) NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (unit_code, day))`,
      `ALTER TABLE process_instances ADD COLUMN dossier_id varchar(36) NULL`,
      `CREATE INDEX ix_process_instances_dossier ON process_instances (dossier_id)`,
      `ALTER TABLE tasks ADD COLUMN dossier_id varchar(36) NULL`,
      `CREATE INDEX ix_tasks_dossier ON tasks (dossier_id)`,
      `ALTER TABLE documents ADD COLUMN dossier_id varchar(36) NULL`,
      `ALTER TABLE documents ADD COLUMN form varchar(32) NULL`,
      `ALTER TABLE documents ADD COLUMN result_code varchar(80) NULL`,
      `CREATE INDEX ix_documents_dossier ON documents (dossier_id, uploaded_at, id)`,
      // one current document per result code (a signed version takes over the code of the one it supersedes)
      `CREATE UNIQUE INDEX uq_documents_result_code ON documents (result_code) WHERE ${pg ? 'is_current' : 'is_current = 1'}`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      'DROP INDEX uq_documents_result_code',
      'DROP INDEX ix_documents_dossier',
      'ALTER TABLE documents DROP COLUMN result_code',
      'ALTER TABLE documents DROP COLUMN form',
      'ALTER TABLE documents DROP COLUMN dossier_id',
      'DROP INDEX ix_tasks_dossier',
      'ALTER TABLE tasks DROP COLUMN dossier_id',
      'DROP INDEX ix_process_instances_dossier',
      'ALTER TABLE process_instances DROP COLUMN dossier_id',
      'DROP TABLE dossier_code_sequences',
      'DROP TABLE dossier_sync_outbox',
      'DROP TABLE dossier_progress',
      'DROP TABLE dossier_events',
      'DROP TABLE dossier_components',
      'DROP TABLE dossiers',
      'DROP TABLE procedures',
    ]) {
      await q.query(sql);
    }
  }
}
