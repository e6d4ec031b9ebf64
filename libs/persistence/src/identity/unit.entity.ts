import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Phòng ban: a unit inside an agency (bộ phận một cửa, phòng chuyên môn…). */
@Entity({ name: 'units' })
@Index('uq_units_agency_code', ['agency', 'code'], { unique: true })
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'agency_code', type: 'varchar', length: 64 })
  agency!: string;
}
