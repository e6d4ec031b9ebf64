import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Turns task_candidates into the inbox index: each row carries what the open-inbox query
 * filters and sorts on (agency, open flag, created_at), so a viewer's page is a few ordered
 * index range scans (one per group × agency) instead of a filter over every open task.
 * Tasks offered to nobody in particular (no candidates, no assignee) get the pseudo-group
 * `*`, which every viewer has. `agency_code` is '' for tasks without an agency.
 */
export class InboxIndex1764000000000 implements MigrationInterface {
  name = 'InboxIndex1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`ALTER TABLE task_candidates ADD COLUMN agency_code varchar(64) NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE task_candidates ADD COLUMN created_at ${ts} NULL`);
    await q.query(`ALTER TABLE task_candidates ADD COLUMN is_open integer NOT NULL DEFAULT 0`);
    await q.query(`INSERT INTO task_candidates (task_id, group_name)
      SELECT t.id, '*' FROM tasks t
      WHERE t.assignee IS NULL AND NOT EXISTS (SELECT 1 FROM task_candidates c WHERE c.task_id = t.id)`);
    await q.query(`UPDATE task_candidates SET
      agency_code = COALESCE((SELECT t.agency_code FROM tasks t WHERE t.id = task_candidates.task_id), ''),
      created_at = (SELECT t.created_at FROM tasks t WHERE t.id = task_candidates.task_id),
      is_open = COALESCE((SELECT CASE WHEN t.state = 'OPEN' THEN 1 ELSE 0 END FROM tasks t WHERE t.id = task_candidates.task_id), 0)`);
    await q.query(`CREATE INDEX ix_task_candidates_inbox ON task_candidates (group_name, agency_code, created_at, task_id) WHERE is_open = 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_task_candidates_inbox`);
    await q.query(`DELETE FROM task_candidates WHERE group_name = '*'`);
    for (const c of ['is_open', 'created_at', 'agency_code']) await q.query(`ALTER TABLE task_candidates DROP COLUMN ${c}`);
  }
}
