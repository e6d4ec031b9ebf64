import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Token version per user: raised on password change, deactivation and role change; tokens carry it. */
export class UserTokenVersion1764610000000 implements MigrationInterface {
  name = 'UserTokenVersion1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN token_version');
  }
}
