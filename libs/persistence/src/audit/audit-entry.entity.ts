import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only, hash-chained audit log. `hash` = sha-256(prevHash + canonical JSON of
 * {actor, action, entity, entityId, at, details}); `prev_hash` is unique so two
 * concurrent appends cannot fork the chain (the loser retries on the new head).
 */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ name: 'seq', type: 'integer' })
  seq!: number;

  @Column({ type: Date })
  at!: Date;

  @Column({ type: 'varchar', length: 128 })
  actor!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 64 })
  entity!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 255, nullable: true })
  entityId!: string | null;

  @Column({ type: 'simple-json' })
  details!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64, unique: true })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
