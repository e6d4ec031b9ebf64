import type { ExecutableGraph } from '@tthc/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One deployed version of a BPMN process (immutable once stored). */
@Entity({ name: 'process_definitions' })
@Index('uq_process_definitions_key_version', ['key', 'version'], { unique: true })
export class ProcessDefinitionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'process_key', type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  /** the whole BPMN document the process came from */
  @Column({ type: 'text' })
  xml!: string;

  @Column({ type: 'simple-json' })
  graph!: ExecutableGraph;

  /** sha-256 (hex) of the canonical JSON of `graph`: pinned in the workflow input */
  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ name: 'deployed_by', type: 'varchar', length: 128, nullable: true })
  deployedBy!: string | null;

  @Column({ name: 'deployed_at', type: Date })
  deployedAt!: Date;
}
