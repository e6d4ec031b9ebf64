import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A form-js schema, stored content-addressed: the key is the sha-256 of its canonical JSON,
 * which a deployed version's graph pins (`graph.forms[formKey]`). Immutable; the same schema
 * deployed with several versions is stored once.
 */
@Entity({ name: 'form_schemas' })
export class FormSchemaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sha256!: string;

  /** the schema's `id` (the form key tasks name) */
  @Column({ name: 'form_id', type: 'varchar', length: 255 })
  formId!: string;

  /** canonical JSON of the schema */
  @Column({ type: 'text' })
  schema!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
