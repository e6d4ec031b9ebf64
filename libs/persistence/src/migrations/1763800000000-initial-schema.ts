import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written initial schema, one text for SQLite and PostgreSQL: only the instant
 * type differs (timestamptz vs datetime). JSON is stored as text (TypeORM
 * `simple-json`) so both engines read it the same way. Partial indexes work on both.
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const ts = pg ? 'timestamptz' : 'datetime';
    const bool = pg ? 'boolean' : 'integer';
    const serial = pg ? 'serial PRIMARY KEY' : 'integer PRIMARY KEY AUTOINCREMENT';
    const statements = [
      `CREATE TABLE agencies (
        code varchar(64) PRIMARY KEY,
        name varchar(255) NOT NULL)`,
      `CREATE TABLE units (
        id varchar(36) PRIMARY KEY,
        code varchar(64) NOT NULL,
        name varchar(255) NOT NULL,
        agency_code varchar(64) NOT NULL REFERENCES agencies(code))`,
      `CREATE UNIQUE INDEX uq_units_agency_code ON units (agency_code, code)`,
      `CREATE TABLE users (
        id varchar(36) PRIMARY KEY,
        username varchar(128) NOT NULL UNIQUE,
        full_name varchar(255) NOT NULL,
        password_hash varchar(512) NOT NULL,
        roles text NOT NULL,
        agency_code varchar(64) NULL REFERENCES agencies(code),
        units text NOT NULL,
        "groups" text NOT NULL,
        active ${bool} NOT NULL DEFAULT ${pg ? 'true' : '1'},
        created_at ${ts} NOT NULL)`,
      `CREATE TABLE process_definitions (
        id varchar(36) PRIMARY KEY,
        process_key varchar(255) NOT NULL,
        version integer NOT NULL,
        name varchar(255) NULL,
        xml text NOT NULL,
        graph text NOT NULL,
        hash varchar(64) NOT NULL,
        deployed_by varchar(128) NULL,
        deployed_at ${ts} NOT NULL)`,
      `CREATE UNIQUE INDEX uq_process_definitions_key_version ON process_definitions (process_key, version)`,
      `CREATE TABLE process_instances (
        id varchar(36) PRIMARY KEY,
        process_key varchar(255) NOT NULL,
        version integer NOT NULL,
        definition_id varchar(36) NOT NULL,
        business_key varchar(255) NULL,
        state varchar(16) NOT NULL,
        active_elements text NOT NULL,
        variables text NOT NULL,
        agency_code varchar(64) NULL,
        started_by varchar(128) NULL,
        started_at ${ts} NOT NULL,
        ended_at ${ts} NULL,
        updated_at ${ts} NOT NULL,
        workflow_id varchar(255) NOT NULL)`,
      `CREATE INDEX ix_process_instances_started ON process_instances (started_at, id)`,
      `CREATE INDEX ix_process_instances_key ON process_instances (process_key, started_at, id)`,
      `CREATE INDEX ix_process_instances_state ON process_instances (state, started_at, id)`,
      `CREATE INDEX ix_process_instances_business_key ON process_instances (business_key)`,
      `CREATE TABLE element_history (
        element_instance_id varchar(128) PRIMARY KEY,
        instance_id varchar(36) NOT NULL,
        element_id varchar(255) NOT NULL,
        element_type varchar(64) NOT NULL,
        name varchar(255) NULL,
        state varchar(16) NOT NULL,
        started_at ${ts} NOT NULL,
        ended_at ${ts} NULL,
        ended_by varchar(128) NULL)`,
      `CREATE INDEX ix_element_history_instance ON element_history (instance_id, started_at, element_instance_id)`,
      `CREATE TABLE tasks (
        id varchar(128) PRIMARY KEY,
        instance_id varchar(36) NOT NULL,
        process_key varchar(255) NOT NULL,
        version integer NOT NULL,
        business_key varchar(255) NULL,
        element_id varchar(255) NOT NULL,
        element_instance_id varchar(128) NOT NULL,
        name varchar(255) NULL,
        step varchar(32) NULL,
        form_key varchar(255) NULL,
        assignee varchar(128) NULL,
        candidate_groups text NOT NULL,
        agency_code varchar(64) NULL,
        state varchar(16) NOT NULL,
        due_at ${ts} NULL,
        created_at ${ts} NOT NULL,
        claimed_at ${ts} NULL,
        completed_at ${ts} NULL,
        completed_by varchar(128) NULL,
        variables text NOT NULL)`,
      `CREATE INDEX ix_tasks_state_created ON tasks (state, created_at, id)`,
      `CREATE INDEX ix_tasks_instance ON tasks (instance_id)`,
      // the inbox reads open tasks of one agency, newest-first pages by (created_at, id)
      `CREATE INDEX ix_tasks_open_agency ON tasks (agency_code, created_at, id) WHERE state = 'OPEN'`,
      `CREATE INDEX ix_tasks_open_assignee ON tasks (assignee, created_at, id) WHERE state = 'OPEN'`,
      `CREATE TABLE task_candidates (
        task_id varchar(128) NOT NULL,
        group_name varchar(128) NOT NULL,
        PRIMARY KEY (task_id, group_name))`,
      `CREATE INDEX ix_task_candidates_group ON task_candidates (group_name, task_id)`,
      `CREATE TABLE audit_log (
        seq ${serial},
        at ${ts} NOT NULL,
        actor varchar(128) NOT NULL,
        action varchar(64) NOT NULL,
        entity varchar(64) NOT NULL,
        entity_id varchar(255) NULL,
        details text NOT NULL,
        prev_hash varchar(64) NOT NULL UNIQUE,
        hash varchar(64) NOT NULL)`,
      `CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id, seq)`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'task_candidates', 'tasks', 'element_history', 'process_instances',
      'process_definitions', 'users', 'units', 'agencies']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
