import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A form-js schema, content-addressed: `hash` is the sha-256 of its canonical JSON and a user
 * task names it as `tthc:formKey="sha256:<hash>"`, so the executable graph (and its hash)
 * pins the exact form a dossier renders. Rows never change.
 */
@Entity({ name: 'forms' })
export class FormEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ type: 'simple-json' })
  schema!: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
