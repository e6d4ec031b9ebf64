import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a task entered COMPLETING: a completion whose API process died before the workflow
 * answered is reopened after a lease (see reopenStaleCompletions), never stuck.
 */
export class TaskCompletingSince1764200000000 implements MigrationInterface {
  name = 'TaskCompletingSince1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`ALTER TABLE tasks ADD COLUMN completing_since ${ts} NULL`);
    await q.query(`CREATE INDEX ix_tasks_completing ON tasks (completing_since) WHERE state = 'COMPLETING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_tasks_completing`);
    await q.query(`ALTER TABLE tasks DROP COLUMN completing_since`);
  }
}
