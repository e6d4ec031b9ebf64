import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * `portal`: the service account of the public-service portal (submits online dossiers, delivers resubmissions; only routes marked @PortalAllowed).
 * `unit-lead`: an officer who leads the units in `units` (reassigns their tasks; issue 11).
 */
export const ROLES = ['admin', 'analyst', 'officer', 'auditor', 'portal', 'unit-lead'] as const;
export type Role = (typeof ROLES)[number];

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128, unique: true })
  username!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 255 })
  fullName!: string;

  /** self-describing KDF string (e.g. `scrypt$N$r$p$salt$hash`); never the password */
  @Column({ name: 'password_hash', type: 'varchar', length: 512 })
  passwordHash!: string;

  @Column({ type: 'simple-json' })
  roles!: Role[];

  @Column({ name: 'agency_code', type: 'varchar', length: 64, nullable: true })
  agency!: string | null;

  /** unit codes inside the agency */
  @Column({ type: 'simple-json' })
  units!: string[];

  /** extra candidate groups the user belongs to (besides units and roles) */
  @Column({ name: 'groups', type: 'simple-json' })
  groups!: string[];

  /** chức danh (e.g. "Chuyên viên", "Phó Trưởng phòng"): ChucDanh of the national progress records of the officer's steps */
  @Column({ type: 'varchar', length: 128, nullable: true })
  title!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** raised on password change, deactivation and role change: tokens carrying an older one are refused */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
