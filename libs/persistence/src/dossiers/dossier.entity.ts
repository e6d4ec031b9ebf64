import type { ApplicantType, DossierChannel, DossierStatus } from '@tthc/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const bigintNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * The dossier (hồ sơ): the aggregate the product is about. Its workflow is
 * `dossier/<id>`; `code` is issued at receipt. Every change of a row goes through the
 * dossier stores, which append the matching event in the same transaction; `event_count`
 * and `event_head` anchor the event chain (a deleted newest event is detected).
 */
@Entity({ name: 'dossiers' })
export class DossierEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** `<unit>-YYMMDD-NNNN`, null until receipt */
  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  code!: string | null;

  @Column({ name: 'procedure_code', type: 'varchar', length: 32 })
  procedureCode!: string;

  @Column({ name: 'process_key', type: 'varchar', length: 255 })
  processKey!: string;

  @Column({ name: 'definition_id', type: 'varchar', length: 36 })
  definitionId!: string;

  @Column({ name: 'definition_version', type: 'integer' })
  definitionVersion!: number;

  /** the process instance running the dossier (workflow `dossier/<id>`) */
  @Column({ name: 'instance_id', type: 'varchar', length: 36, unique: true })
  instanceId!: string;

  @Column({ name: 'agency_code', type: 'varchar', length: 64 })
  agency!: string;

  /** unit code inside the agency (e.g. MOTCUA) */
  @Column({ name: 'receiving_unit', type: 'varchar', length: 64 })
  receivingUnit!: string;

  @Column({ type: 'integer' })
  channel!: DossierChannel;

  @Column({ name: 'applicant_type', type: 'integer' })
  applicantType!: ApplicantType;

  @Column({ name: 'applicant_name', type: 'varchar', length: 255 })
  applicantName!: string;

  @Column({ name: 'applicant_id_number', type: 'varchar', length: 32 })
  applicantIdNumber!: string;

  @Column({ name: 'applicant_address', type: 'varchar', length: 500 })
  applicantAddress!: string;

  @Column({ name: 'applicant_phone', type: 'varchar', length: 32, nullable: true })
  applicantPhone!: string | null;

  @Column({ name: 'applicant_email', type: 'varchar', length: 255, nullable: true })
  applicantEmail!: string | null;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'integer' })
  status!: DossierStatus;

  @Column({ name: 'submitted_at', type: Date })
  submittedAt!: Date;

  @Column({ name: 'received_at', type: Date, nullable: true })
  receivedAt!: Date | null;

  /** NgayHenTra: moves with supplement pauses and an apology */
  @Column({ name: 'due_at', type: Date, nullable: true })
  dueAt!: Date | null;

  /** the first appointment date: KPIs keep it */
  @Column({ name: 'original_due_at', type: Date, nullable: true })
  originalDueAt!: Date | null;

  /** working time spent paused (supplement requests), in milliseconds */
  @Column({ name: 'paused_working_ms', type: 'bigint', transformer: bigintNumber })
  pausedWorkingMs!: number;

  /** when the current pause began; null when the clock runs */
  @Column({ name: 'paused_at', type: Date, nullable: true })
  pausedAt!: Date | null;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'returned_at', type: Date, nullable: true })
  returnedAt!: Date | null;

  @Column({ name: 'apology_count', type: 'integer' })
  apologyCount!: number;

  @Column({ name: 'supplement_count', type: 'integer' })
  supplementCount!: number;

  /** an online dossier not received within 8 working hours */
  @Column({ name: 'late_receipt', type: 'boolean' })
  lateReceipt!: boolean;

  /** set by the engine's apology timer (due − 1 working day, not finished): the apology is due; cleared when it is issued */
  @Column({ name: 'apology_required_at', type: Date, nullable: true })
  apologyRequiredAt!: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  /** +1 on every update (optimistic locking by callers that read then write) */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'event_count', type: 'integer' })
  eventCount!: number;

  @Column({ name: 'event_head', type: 'varchar', length: 64 })
  eventHead!: string;

  /**
   * HMAC-SHA256 under the audit key of `{kind:'dossier-head', dossierId, count, head}`:
   * moving the head back (deleting the newest events) needs the key. NULL only on a chain
   * written before the keyed chain, until its first keyed append or `rekeyDossierChains`.
   */
  @Column({ name: 'event_head_mac', type: 'varchar', length: 64, nullable: true })
  eventHeadMac?: string | null;
}
