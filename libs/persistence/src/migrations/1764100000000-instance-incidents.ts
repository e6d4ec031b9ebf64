import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Open incidents and the parent instance (call activity) on the instance projection. */
export class InstanceIncidents1764100000000 implements MigrationInterface {
  name = 'InstanceIncidents1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instances ADD COLUMN incidents text NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE process_instances ADD COLUMN parent_instance_id varchar(36) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instances DROP COLUMN parent_instance_id`);
    await q.query(`ALTER TABLE process_instances DROP COLUMN incidents`);
  }
}
