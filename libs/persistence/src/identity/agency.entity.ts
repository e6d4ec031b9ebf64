import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Cơ quan: an administrative agency (Sở Tư pháp, Sở Xây dựng…). */
@Entity({ name: 'agencies' })
export class AgencyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;
}
