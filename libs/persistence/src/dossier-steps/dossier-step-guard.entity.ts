import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per guarded step completion (architecture.md §3.1), written in the same
 * transaction as the step's effects: the primary key on the task id makes the guard
 * idempotent — a retried activity or a second completion of the same task finds the row
 * and answers the recorded result instead of issuing a code or a form again.
 */
@Entity({ name: 'dossier_step_guards' })
export class DossierStepGuardEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 64 })
  taskId!: string;

  @Column({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  @Column({ type: 'varchar', length: 32 })
  step!: string;

  @Column({ name: 'completed_by', type: 'varchar', length: 128 })
  completedBy!: string;

  @Column({ name: 'completed_at', type: Date })
  completedAt!: Date;

  /** the GuardStepResult the activity answered */
  @Column({ type: 'simple-json' })
  result!: Record<string, unknown>;
}
