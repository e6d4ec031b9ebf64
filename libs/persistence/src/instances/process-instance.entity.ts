import type { InstanceState } from '@tthc/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Projection of a running/finished process instance. The workflow is the source of
 * truth; this row is what lists and pages read (never the Temporal history).
 */
@Entity({ name: 'process_instances' })
export class ProcessInstanceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'process_key', type: 'varchar', length: 255 })
  processKey!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'definition_id', type: 'varchar', length: 36 })
  definitionId!: string;

  @Column({ name: 'business_key', type: 'varchar', length: 255, nullable: true })
  businessKey!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: InstanceState;

  /** element id → active token count */
  @Column({ name: 'active_elements', type: 'simple-json' })
  activeElements!: Record<string, number>;

  @Column({ type: 'simple-json' })
  variables!: Record<string, unknown>;

  @Column({ name: 'agency_code', type: 'varchar', length: 64, nullable: true })
  agency!: string | null;

  @Column({ name: 'started_by', type: 'varchar', length: 128, nullable: true })
  startedBy!: string | null;

  @Column({ name: 'started_at', type: Date })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: Date, nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  @Column({ name: 'workflow_id', type: 'varchar', length: 255 })
  workflowId!: string;

  /** open incidents (a job failed after its retries); resolved by the retryIncident update */
  @Column({ type: 'simple-json', default: '[]' })
  incidents!: Array<{ id: string; elementId: string; message: string }>;

  /** the calling instance, for instances started by a call activity */
  @Column({ name: 'parent_instance_id', type: 'varchar', length: 36, nullable: true })
  parentInstanceId!: string | null;

  /** the dossier this instance runs (workflow `dossier/<id>`), null for a plain process instance */
  @Column({ name: 'dossier_id', type: 'varchar', length: 36, nullable: true })
  dossierId?: string | null;
}
