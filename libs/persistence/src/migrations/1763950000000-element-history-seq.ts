import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Element records of one workflow task share one timestamp (the workflow clock), so
 * started_at cannot order the history; `seq` keeps the order the engine reported them in.
 */
export class ElementHistorySeq1763950000000 implements MigrationInterface {
  name = 'ElementHistorySeq1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE element_history ADD COLUMN seq integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX ix_element_history_instance_seq ON element_history (instance_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_element_history_instance_seq`);
    await q.query(`ALTER TABLE element_history DROP COLUMN seq`);
  }
}
