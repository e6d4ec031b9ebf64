import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Append-only, hash-chained per dossier: `hash = sha256(prev_hash + canonical JSON of
 * {dossierId, seq, kind, actor, unit, at, payload})`, seq 1, 2, 3… without gaps.
 * Written in the same transaction as the change it records.
 */
@Entity({ name: 'dossier_events' })
export class DossierEventEntity {
  @PrimaryColumn({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unit!: string | null;

  @Column({ type: Date })
  at!: Date;

  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
