import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox towards the national portal (DVCQG): one row per progress
 * record, written with it; the sync process sends pending rows in id order.
 */
@Entity({ name: 'dossier_sync_outbox' })
export class DossierSyncOutboxEntity {
  /** bigint: PostgreSQL hands it back as a string */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  @Column({ name: 'progress_id', type: 'varchar', length: 36, unique: true })
  progressId!: string;

  /** `progress` */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  /** the national record as it will be sent */
  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: Date, nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
