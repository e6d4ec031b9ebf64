import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DossierEntity } from '../dossiers/dossier.entity';
import type { ProcedureEntity } from '../procedures/procedure.entity';

export const TASK_STATES = ['OPEN', 'COMPLETING', 'COMPLETED', 'CANCELED'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/**
 * Inbox projection of a BPMN user task. Written by the worker's `createUserTask` /
 * `closeUserTask` activities, read and transitioned by the API. Indexed for keyset
 * paging on (state, created_at, id); see the initial migration for the partial index.
 */
@Entity({ name: 'tasks' })
export class TaskEntity {
  /** the id the workflow gave the task (stable across activity retries) */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ name: 'instance_id', type: 'varchar', length: 36 })
  instanceId!: string;

  @Column({ name: 'process_key', type: 'varchar', length: 255 })
  processKey!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'business_key', type: 'varchar', length: 255, nullable: true })
  businessKey!: string | null;

  @Column({ name: 'element_id', type: 'varchar', length: 255 })
  elementId!: string;

  @Column({ name: 'element_instance_id', type: 'varchar', length: 128 })
  elementInstanceId!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  step!: string | null;

  @Column({ name: 'form_key', type: 'varchar', length: 255, nullable: true })
  formKey!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  assignee!: string | null;

  /** display copy; the queryable copy is the task_candidates table */
  @Column({ name: 'candidate_groups', type: 'simple-json' })
  candidateGroups!: string[];

  @Column({ name: 'agency_code', type: 'varchar', length: 64, nullable: true })
  agency!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: TaskState;

  @Column({ name: 'due_at', type: Date, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'claimed_at', type: Date, nullable: true })
  claimedAt!: Date | null;

  @Column({ name: 'completed_at', type: Date, nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'varchar', length: 128, nullable: true })
  completedBy!: string | null;

  @Column({ type: 'simple-json' })
  variables!: Record<string, unknown>;

  /** set while COMPLETING (the API is asking the workflow); cleared on every other state */
  @Column({ name: 'completing_since', type: Date, nullable: true })
  completingSince!: Date | null;

  /** the dossier of the instance (set by the worker for a dossier's tasks) */
  @Column({ name: 'dossier_id', type: 'varchar', length: 36, nullable: true })
  dossierId?: string | null;

  /** not a column: the task's dossier, joined by the inbox query (listTasks) — null for a plain process instance */
  dossier?: DossierEntity | null;

  /** not a column: the dossier's procedure, joined by the inbox query */
  procedure?: ProcedureEntity | null;
}
