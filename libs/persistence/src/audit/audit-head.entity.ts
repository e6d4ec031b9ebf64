import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The newest entry of the audit chain, kept in its own row (id 1) and MACed with the audit
 * key: deleting the newest entries leaves the head pointing past the end (detected), and
 * moving the head back needs the key. `tainted_since` records, permanently, that an
 * appender found the head forged or missing at that seq.
 */
@Entity({ name: 'audit_head' })
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ name: 'tainted_since', type: 'integer', nullable: true })
  taintedSince!: number | null;

  @Column({ type: 'varchar', length: 64 })
  mac!: string;
}
