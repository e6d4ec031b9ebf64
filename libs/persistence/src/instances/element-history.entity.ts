import type { ElementRecord } from '@tthc/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One element instance (activity, event, gateway pass) of a process instance. */
@Entity({ name: 'element_history' })
@Index('ix_element_history_instance_seq', ['instanceId', 'seq'])
export class ElementHistoryEntity {
  @PrimaryColumn({ name: 'element_instance_id', type: 'varchar', length: 128 })
  elementInstanceId!: string;

  @Column({ name: 'instance_id', type: 'varchar', length: 36 })
  instanceId!: string;

  @Column({ name: 'element_id', type: 'varchar', length: 255 })
  elementId!: string;

  @Column({ name: 'element_type', type: 'varchar', length: 64 })
  elementType!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: ElementRecord['state'];

  @Column({ name: 'started_at', type: Date })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: Date, nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'ended_by', type: 'varchar', length: 128, nullable: true })
  by!: string | null;

  /** order in which the engine reported the element instance (per process instance) */
  @Column({ type: 'integer', default: 0 })
  seq!: number;
}
