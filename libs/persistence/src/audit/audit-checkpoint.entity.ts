import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A signed checkpoint of the audit chain: Ed25519 signature (node:crypto) over the RFC 8785
 * canonical JSON of `{kind:'audit-checkpoint', seq, hash, at}` with the system's audit
 * signing key. Anyone holding the public key can check it without the HMAC key.
 */
@Entity({ name: 'audit_checkpoints' })
export class AuditCheckpointEntity {
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ type: Date })
  at!: Date;

  @Column({ name: 'key_id', type: 'varchar', length: 16 })
  keyId!: string;

  /** base64 of the 64-byte Ed25519 signature */
  @Column({ type: 'varchar', length: 128 })
  signature!: string;
}
