import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyed audit chain: the stored head and the signed checkpoints. Existing entries keep
 * their unkeyed hashes until the first append with a key re-keys them (see audit.store).
 */
export class AuditHeadCheckpoints1764600000000 implements MigrationInterface {
  name = 'AuditHeadCheckpoints1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`CREATE TABLE audit_head (
      id integer PRIMARY KEY CHECK (id = 1),
      seq integer NOT NULL,
      hash varchar(64) NOT NULL,
      tainted_since integer NULL,
      mac varchar(64) NOT NULL)`);
    await q.query(`CREATE TABLE audit_checkpoints (
      seq integer PRIMARY KEY,
      hash varchar(64) NOT NULL,
      at ${ts} NOT NULL,
      key_id varchar(16) NOT NULL,
      signature varchar(128) NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_checkpoints');
    await q.query('DROP TABLE audit_head');
  }
}
