import type { DossierStatus } from '@tthc/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A national progress record (domain.md §2): exactly one per status transition, with
 * the real state. National names: MaHoSo = dossierCode, NguoiXuLy = handler, ChucDanh =
 * handlerTitle, ThoiDiemXuLy = handledAt, PhongBanXuLy = unitName, NoiDungXuLy = content,
 * TrangThai = status, NgayBatDau = startedAt, NgayKetThucTheoQuyDinh = dueAt.
 */
@Entity({ name: 'dossier_progress' })
export class DossierProgressEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  /** 1, 2, 3… per dossier */
  @Column({ type: 'integer' })
  seq!: number;

  /** the status event this record was made from */
  @Column({ name: 'event_seq', type: 'integer' })
  eventSeq!: number;

  /** the dossier code, or its id before receipt */
  @Column({ name: 'dossier_code', type: 'varchar', length: 64 })
  dossierCode!: string;

  @Column({ type: 'varchar', length: 255 })
  handler!: string;

  @Column({ name: 'handler_title', type: 'varchar', length: 255 })
  handlerTitle!: string;

  @Column({ name: 'handled_at', type: Date })
  handledAt!: Date;

  @Column({ name: 'unit_name', type: 'varchar', length: 255 })
  unitName!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'integer' })
  status!: DossierStatus;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'due_at', type: Date, nullable: true })
  dueAt!: Date | null;
}
