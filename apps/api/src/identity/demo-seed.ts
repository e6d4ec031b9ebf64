import { ensureUser, upsertAgency, upsertUnit, type Role } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { hashPassword } from './password-hasher';

/** Stable demo password, documented in docs/api.md and printed by `npm start`. */
export const DEMO_PASSWORD = 'Demo@123';

const AGENCIES = [
  { code: 'STP', name: 'Sở Tư pháp', units: [{ code: 'MOTCUA', name: 'Bộ phận Một cửa' }, { code: 'HCTP', name: 'Phòng Hành chính tư pháp' }] },
  { code: 'SXD', name: 'Sở Xây dựng', units: [{ code: 'MOTCUA', name: 'Bộ phận Một cửa' }, { code: 'QLXD', name: 'Phòng Quản lý xây dựng' }] },
  {
    code: 'UBPHN',
    name: 'UBND phường Hiến Nam',
    units: [
      { code: 'MOTCUA', name: 'Bộ phận Một cửa' },
      { code: 'TUPHAP', name: 'Công chức Tư pháp - Hộ tịch' },
      { code: 'KINHTE', name: 'Phòng Kinh tế, Hạ tầng và Đô thị' },
    ],
  },
];

const USERS: Array<{ username: string; fullName: string; roles: Role[]; agency: string | null; units: string[] }> = [
  { username: 'admin', fullName: 'Quản trị hệ thống', roles: ['admin'], agency: null, units: [] },
  { username: 'analyst', fullName: 'Chuyên viên phân tích quy trình', roles: ['analyst'], agency: 'STP', units: [] },
  { username: 'officer', fullName: 'Nguyễn Thị Cán Bộ', roles: ['officer'], agency: 'STP', units: ['MOTCUA', 'HCTP'] },
  { username: 'officer2', fullName: 'Trần Văn Xây Dựng', roles: ['officer'], agency: 'SXD', units: ['MOTCUA', 'QLXD'] },
  // issue 11: a colleague in the one-stop unit of STP, and its unit lead (reassigns the unit's tasks)
  { username: 'officer3', fullName: 'Lê Thị Một Cửa', roles: ['officer'], agency: 'STP', units: ['MOTCUA'] },
  { username: 'lead', fullName: 'Phạm Văn Trưởng', roles: ['officer', 'unit-lead'], agency: 'STP', units: ['MOTCUA'] },
  { username: 'officer-phuong', fullName: 'Lê Thị Phường', roles: ['officer'], agency: 'UBPHN', units: ['MOTCUA', 'TUPHAP', 'KINHTE'] },
  { username: 'auditor', fullName: 'Thanh tra viên', roles: ['auditor'], agency: null, units: [] },
  { username: 'portal', fullName: 'Cổng Dịch vụ công tỉnh', roles: ['portal'], agency: null, units: [] },
];

/** Idempotent: existing agencies/units are renamed, existing users left as they are. */
export async function seedDemo(ds: DataSource): Promise<string[]> {
  for (const a of AGENCIES) {
    await upsertAgency(ds, { code: a.code, name: a.name });
    for (const u of a.units) await upsertUnit(ds, { agency: a.code, ...u });
  }
  const created: string[] = [];
  for (const u of USERS) {
    const res = await ensureUser(ds, { ...u, passwordHash: await hashPassword(DEMO_PASSWORD) });
    if (res.created) created.push(u.username);
  }
  return created;
}
