import { ensureUser, updateUser, upsertAgency, upsertUnit, type Role } from '@tthc/persistence';
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

/** `title` (chức danh) is what the national progress records carry as ChucDanh for the user's steps */
const USERS: Array<{ username: string; fullName: string; roles: Role[]; agency: string | null; units: string[]; title: string | null }> = [
  { username: 'admin', fullName: 'Quản trị hệ thống', roles: ['admin'], agency: null, units: [], title: 'Quản trị viên hệ thống' },
  { username: 'analyst', fullName: 'Chuyên viên phân tích quy trình', roles: ['analyst'], agency: 'STP', units: [], title: 'Chuyên viên' },
  { username: 'officer', fullName: 'Nguyễn Thị Cán Bộ', roles: ['officer'], agency: 'STP', units: ['MOTCUA', 'HCTP'], title: 'Chuyên viên Bộ phận Một cửa' },
  { username: 'officer2', fullName: 'Trần Văn Xây Dựng', roles: ['officer'], agency: 'SXD', units: ['MOTCUA', 'QLXD'], title: 'Chuyên viên chính' },
  // issue 11: a colleague in the one-stop unit of STP, and its unit lead (reassigns the unit's tasks)
  { username: 'officer3', fullName: 'Lê Thị Một Cửa', roles: ['officer'], agency: 'STP', units: ['MOTCUA'], title: 'Chuyên viên Bộ phận Một cửa' },
  { username: 'lead', fullName: 'Phạm Văn Trưởng', roles: ['officer', 'unit-lead'], agency: 'STP', units: ['MOTCUA'], title: 'Trưởng Bộ phận Một cửa' },
  { username: 'officer-phuong', fullName: 'Lê Thị Phường', roles: ['officer'], agency: 'UBPHN', units: ['MOTCUA', 'TUPHAP', 'KINHTE'], title: 'Công chức Tư pháp - Hộ tịch' },
  { username: 'auditor', fullName: 'Thanh tra viên', roles: ['auditor'], agency: null, units: [], title: 'Thanh tra viên' },
  { username: 'portal', fullName: 'Cổng Dịch vụ công tỉnh', roles: ['portal'], agency: null, units: [], title: null },
];

/** Idempotent: existing agencies/units are renamed, existing users left as they are (a demo user without a title gets its title). */
export async function seedDemo(ds: DataSource): Promise<string[]> {
  for (const a of AGENCIES) {
    await upsertAgency(ds, { code: a.code, name: a.name });
    for (const u of a.units) await upsertUnit(ds, { agency: a.code, ...u });
  }
  const created: string[] = [];
  for (const u of USERS) {
    const res = await ensureUser(ds, { ...u, passwordHash: await hashPassword(DEMO_PASSWORD) });
    if (res.created) created.push(u.username);
    else if (res.user.title === null && u.title) await updateUser(ds, res.user.id, { title: u.title });
  }
  return created;
}
