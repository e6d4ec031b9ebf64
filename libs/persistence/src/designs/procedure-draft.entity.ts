import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A procedure being redrawn in the designer (issue 12): the BPMN saved on the server as the
 * analyst draws (autosave), before it is published as a version. `revision` counts saves;
 * a save names the revision it started from, so two analysts never overwrite each other.
 */
@Entity({ name: 'procedure_drafts' })
@Index('ix_procedure_drafts_key', ['processKey'])
export class ProcedureDraftEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** id of the (first) process in the XML, read at every save */
  @Column({ name: 'process_key', type: 'varchar', length: 255, nullable: true })
  processKey!: string | null;

  @Column({ type: 'varchar', length: 500 })
  name!: string;

  /** the agency of the analyst who created it; null = admins only */
  @Column({ name: 'agency_code', type: 'varchar', length: 64, nullable: true })
  agency!: string | null;

  @Column({ type: 'text' })
  xml!: string;

  @Column({ type: 'integer' })
  revision!: number;

  /** the engine version of `processKey` the draft started from (null: a new procedure) */
  @Column({ name: 'base_version', type: 'integer', nullable: true })
  baseVersion!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 128 })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
