import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The step guard's idempotency records (SQLite + PostgreSQL). */
export class DossierStepGuardsSchema1764620000000 implements MigrationInterface {
  name = 'DossierStepGuardsSchema1764620000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`CREATE TABLE dossier_step_guards (
      task_id varchar(64) PRIMARY KEY,
      dossier_id varchar(36) NOT NULL,
      step varchar(32) NOT NULL,
      completed_by varchar(128) NOT NULL,
      completed_at ${ts} NOT NULL,
      result text NOT NULL)`);
    await q.query('CREATE INDEX ix_dossier_step_guards_dossier ON dossier_step_guards (dossier_id, completed_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dossier_step_guards');
  }
}
