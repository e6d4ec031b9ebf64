import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One publication of a draft: the exact XML (layout included), who, when and why. It points
 * at the engine version the publication deployed — the same engine version as before when
 * only the layout changed (the engine versions executable graphs, this table versions drawings).
 */
@Entity({ name: 'procedure_versions' })
@Index('uq_procedure_versions_key_number', ['processKey', 'number'], { unique: true })
export class ProcedureVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'process_key', type: 'varchar', length: 255 })
  processKey!: string;

  /** 1, 2, 3… per process key */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  name!: string | null;

  @Column({ type: 'text' })
  xml!: string;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'varchar', length: 128 })
  author!: string;

  @Column({ name: 'published_at', type: Date })
  publishedAt!: Date;

  @Column({ name: 'draft_id', type: 'varchar', length: 36, nullable: true })
  draftId!: string | null;

  @Column({ name: 'definition_id', type: 'varchar', length: 36 })
  definitionId!: string;

  @Column({ name: 'definition_version', type: 'integer' })
  definitionVersion!: number;
}
