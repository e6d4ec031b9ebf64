import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed checkpoint of the dossier event chains: Ed25519 (the audit signing key) over the
 * canonical JSON of `{kind:'dossier-checkpoint', seq, at, heads, digest}`, where `digest` is
 * the SHA-256 of the canonical JSON list of the heads it covers (`[[dossierId, seq, hash]…]`
 * in dossier id order, rows of dossier_checkpoint_heads). Each checkpoint is also an entry of
 * the keyed audit chain (`dossier.chains.checkpoint`), so removing the newest one is detected.
 */
@Entity({ name: 'dossier_chain_checkpoints' })
export class DossierChainCheckpointEntity {
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: Date })
  at!: Date;

  /** number of dossier heads covered (those that moved since the previous checkpoint) */
  @Column({ type: 'integer' })
  heads!: number;

  @Column({ type: 'varchar', length: 64 })
  digest!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 16 })
  keyId!: string;

  /** base64 of the 64-byte Ed25519 signature */
  @Column({ type: 'varchar', length: 128 })
  signature!: string;
}

/** One dossier's chain head as a checkpoint saw it: its event #seq had this hash. */
@Entity({ name: 'dossier_checkpoint_heads' })
@Index('idx_dossier_checkpoint_heads_dossier', ['dossierId', 'seq'])
export class DossierCheckpointHeadEntity {
  @PrimaryColumn({ name: 'checkpoint_seq', type: 'integer' })
  checkpointSeq!: number;

  @PrimaryColumn({ name: 'dossier_id', type: 'varchar', length: 36 })
  dossierId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
