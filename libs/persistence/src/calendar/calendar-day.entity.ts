import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CALENDAR_DAY_SOURCES = ['published', 'override'] as const;
export type CalendarDaySource = (typeof CALENDAR_DAY_SOURCES)[number];

/**
 * One day of a year's table: part of a published arrangement, or an admin override
 * applied on top. At most one row per (date, source).
 */
@Entity({ name: 'calendar_days' })
export class CalendarDayEntity {
  /** local date YYYY-MM-DD (Asia/Ho_Chi_Minh) */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  source!: CalendarDaySource;

  @Column({ type: 'integer' })
  year!: number;

  /** holiday | make-up | swap-off | swap-workday */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'legal_reference', type: 'varchar', length: 512 })
  legalReference!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
