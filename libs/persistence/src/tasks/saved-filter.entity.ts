import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An inbox filter saved on the server (issue 11): private to its owner, or shared with one
 * unit of the owner's agency (`unit_code`), whose members then see it too.
 */
@Entity({ name: 'saved_filters' })
@Index('ix_saved_filters_owner', ['owner'])
@Index('ix_saved_filters_unit', ['agency', 'unit'])
export class SavedFilterEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** username of the owner */
  @Column({ type: 'varchar', length: 128 })
  owner!: string;

  /** the owner's agency when saved; a shared filter is seen only inside it */
  @Column({ name: 'agency_code', type: 'varchar', length: 64, nullable: true })
  agency!: string | null;

  /** shared with this unit of `agency`; null = private */
  @Column({ name: 'unit_code', type: 'varchar', length: 64, nullable: true })
  unit!: string | null;

  /** the inbox filter (InboxFilter in @tthc/contracts) */
  @Column({ type: 'simple-json' })
  filter!: Record<string, unknown>;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
