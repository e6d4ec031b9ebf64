import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyed dossier event chains (docs/audit.md, "Dossier event chains"): the MACed head on the
 * dossier row and the signed checkpoints of the chain heads. Existing events keep their
 * unkeyed SHA-256 hashes until re-keyed — the API re-keys every such chain at start
 * (`rekeyDossierChains`, after verifying it as the old unkeyed chain) and an append re-keys
 * its own dossier first; a chain that does not verify the old way is left as it is and
 * reported by `audit verify`.
 */
export class DossierEventKeys1764700000000 implements MigrationInterface {
  name = 'DossierEventKeys1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query('ALTER TABLE dossiers ADD COLUMN event_head_mac varchar(64) NULL');
    await q.query(`CREATE TABLE dossier_chain_checkpoints (
      seq integer PRIMARY KEY,
      at ${ts} NOT NULL,
      heads integer NOT NULL,
      digest varchar(64) NOT NULL,
      key_id varchar(16) NOT NULL,
      signature varchar(128) NOT NULL)`);
    await q.query(`CREATE TABLE dossier_checkpoint_heads (
      checkpoint_seq integer NOT NULL,
      dossier_id varchar(36) NOT NULL,
      seq integer NOT NULL,
      hash varchar(64) NOT NULL,
      PRIMARY KEY (checkpoint_seq, dossier_id))`);
    await q.query('CREATE INDEX idx_dossier_checkpoint_heads_dossier ON dossier_checkpoint_heads (dossier_id, seq)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dossier_checkpoint_heads');
    await q.query('DROP TABLE dossier_chain_checkpoints');
    await q.query('ALTER TABLE dossiers DROP COLUMN event_head_mac');
  }
}
