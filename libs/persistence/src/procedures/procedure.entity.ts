import type { ProcedureComponent, ProcedureFee, ProcedureLegalBasis, ProcedureOnlineLevel, ProcedureStatus } from '@tthc/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The TTHC catalog entry of a procedure, seeded from `processes/<key>.procedure.json`
 * next to the BPMN that runs it. A dossier copies the component list at creation, so a
 * later catalog change never alters a running dossier.
 */
@Entity({ name: 'procedures' })
export class ProcedureEntity {
  /** national TTHC code, e.g. `2.000815` */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ name: 'process_key', type: 'varchar', length: 255, unique: true })
  processKey!: string;

  @Column({ type: 'varchar', length: 500 })
  name!: string;

  @Column({ name: 'agency_code', type: 'varchar', length: 64 })
  agency!: string;

  @Column({ type: 'varchar', length: 255 })
  field!: string;

  @Column({ type: 'varchar', length: 32 })
  level!: string;

  /** `full` toàn trình | `partial` một phần (migration ProcedureCatalogStatus1764710000000) */
  @Column({ name: 'online_level', type: 'varchar', length: 16 })
  onlineLevel!: ProcedureOnlineLevel;

  /** draft | published | retired: only a published procedure takes new dossiers */
  @Column({ type: 'varchar', length: 16 })
  status!: ProcedureStatus;

  @Column({ name: 'statutory_days', type: 'integer' })
  statutoryDays!: number;

  @Column({ type: 'varchar', length: 5, nullable: true })
  cutoff!: string | null;

  @Column({ type: 'simple-json' })
  fees!: ProcedureFee[];

  @Column({ type: 'simple-json' })
  components!: ProcedureComponent[];

  @Column({ name: 'result_documents', type: 'simple-json' })
  resultDocuments!: Array<{ name: string; note?: string }>;

  @Column({ name: 'legal_basis', type: 'simple-json' })
  legalBasis!: ProcedureLegalBasis[];

  /** sha-256 of the canonical catalog entry: an unchanged file is not rewritten at start */
  @Column({ name: 'source_hash', type: 'varchar', length: 64 })
  sourceHash!: string;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
