import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog's online level (toàn trình / một phần) and status (draft / published /
 * retired, issue 12). Existing entries are published procedures offered partly online
 * until their file says otherwise.
 */
export class ProcedureCatalogStatus1764710000000 implements MigrationInterface {
  name = 'ProcedureCatalogStatus1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedures ADD COLUMN online_level varchar(16) NOT NULL DEFAULT 'partial' CHECK (online_level IN ('full', 'partial'))`);
    await q.query(`ALTER TABLE procedures ADD COLUMN status varchar(16) NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'retired'))`);
    await q.query('CREATE INDEX idx_procedures_agency ON procedures (agency_code, code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idx_procedures_agency');
    await q.query('ALTER TABLE procedures DROP COLUMN status');
    await q.query('ALTER TABLE procedures DROP COLUMN online_level');
  }
}
