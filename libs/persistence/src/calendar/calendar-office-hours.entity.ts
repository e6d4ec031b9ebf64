import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Office hours of an agency (sessions of a working day); agencies without a row use the default 07:30–11:30, 13:00–17:00. */
@Entity({ name: 'calendar_office_hours' })
export class CalendarOfficeHoursEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'varchar', length: 64 })
  agencyCode!: string;

  @Column({ type: 'simple-json' })
  sessions!: Array<{ start: string; end: string }>;

  @Column({ name: 'updated_by', type: 'varchar', length: 128 })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
