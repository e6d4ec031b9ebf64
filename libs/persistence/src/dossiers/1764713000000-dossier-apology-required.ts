import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `dossiers.apology_required_at`: set by the engine's apology timer (due − 1 working day, dossier not finished), cleared by the apology. */
export class DossierApologyRequired1764713000000 implements MigrationInterface {
  name = 'DossierApologyRequired1764713000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.query(`ALTER TABLE dossiers ADD COLUMN apology_required_at ${ts} NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE dossiers DROP COLUMN apology_required_at');
  }
}
