import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `users.title` (chức danh): what progress records carry as ChucDanh for the officer's steps. */
export class UserTitle1764713100000 implements MigrationInterface {
  name = 'UserTitle1764713100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN title varchar(128) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN title');
  }
}
