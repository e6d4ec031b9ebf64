import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A year whose arrangement the government has published: its days (calendar_days with
 * source 'published') replace the computed statutory defaults of that year.
 */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ name: 'legal_reference', type: 'varchar', length: 512 })
  legalReference!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 128 })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
