import { Entity, PrimaryColumn } from 'typeorm';

/** One candidate group of a task: lets the inbox query filter groups with an index. */
@Entity({ name: 'task_candidates' })
export class TaskCandidateEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 128 })
  taskId!: string;

  @PrimaryColumn({ name: 'group_name', type: 'varchar', length: 128 })
  groupName!: string;
}
