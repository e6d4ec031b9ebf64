import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last dossier number issued by a unit on a day (YYMMDD, Asia/Ho_Chi_Minh). */
@Entity({ name: 'dossier_code_sequences' })
export class DossierCodeSequenceEntity {
  @PrimaryColumn({ name: 'unit_code', type: 'varchar', length: 64 })
  unitCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  day!: string;

  @Column({ type: 'integer' })
  last!: number;
}
