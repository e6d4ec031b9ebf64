import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Everybody's pseudo-group: tasks offered to nobody in particular (no candidates, no assignee). */
export const ANYONE_GROUP = '*';

/**
 * The inbox index: one row per candidate group of a task, carrying the agency, the open
 * flag and created_at so the open inbox of a viewer is read by ordered index range scans
 * (see `listTasks`). Kept in step with the task's state by the task store.
 */
@Entity({ name: 'task_candidates' })
export class TaskCandidateEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 128 })
  taskId!: string;

  @PrimaryColumn({ name: 'group_name', type: 'varchar', length: 128 })
  groupName!: string;

  /** '' when the task has no agency */
  @Column({ name: 'agency_code', type: 'varchar', length: 64, default: '' })
  agency!: string;

  @Column({ name: 'created_at', type: Date, nullable: true })
  createdAt!: Date | null;

  /** 1 while the task is OPEN */
  @Column({ name: 'is_open', type: 'integer', default: 0 })
  isOpen!: number;
}
