import type { CalendarOverride } from './day-override';

/**
 * A year whose arrangement the government has published. Its table replaces the computed
 * defaults entirely (days off on weekdays and worked weekend days); admin overrides still apply on top.
 */
export interface PublishedYear {
  year: number;
  legalReference: string;
  note?: string;
  days: CalendarOverride[];
}

const h = (date: string, reason: string, legalReference: string): CalendarOverride => ({ date, kind: 'holiday', reason, legalReference });

const REF_2025_TET = 'Thông báo lịch nghỉ Tết Ất Tỵ và Quốc khánh 2025 (Bộ LĐ-TB&XH) [S]';
const REF_2025_APRIL = 'Công điện/Thông báo hoán đổi ngày làm việc dịp 30/4–1/5/2025 (Thủ tướng, Bộ Nội vụ) [S]';
const REF_2026 = 'Thông báo lịch nghỉ lễ, Tết năm 2026 (Bộ Nội vụ) [S]';

/** 2025 (domain.md §4): 1/1; Tết 25/1–2/2; Giỗ Tổ Mon 7/4; 30/4–4/5 with Fri 2/5 off and Sat 26/4 worked; 30/8–2/9. */
const YEAR_2025: PublishedYear = {
  year: 2025,
  legalReference: REF_2025_TET,
  days: [
    h('2025-01-01', 'Tết Dương lịch (1/1)', 'BLLĐ 2019 Đ112'),
    h('2025-01-27', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)', REF_2025_TET),
    h('2025-01-28', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', REF_2025_TET),
    h('2025-01-29', 'Tết Nguyên đán Ất Tỵ (mùng 1)', REF_2025_TET),
    h('2025-01-30', 'Tết Nguyên đán Ất Tỵ (mùng 2)', REF_2025_TET),
    h('2025-01-31', 'Tết Nguyên đán Ất Tỵ (mùng 3)', REF_2025_TET),
    h('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'BLLĐ 2019 Đ112'),
    { date: '2025-04-26', kind: 'swap-workday', reason: 'Làm bù thứ Bảy 26/4 cho ngày nghỉ thứ Sáu 2/5', legalReference: REF_2025_APRIL },
    h('2025-04-30', 'Ngày Chiến thắng (30/4)', 'BLLĐ 2019 Đ112'),
    h('2025-05-01', 'Ngày Quốc tế Lao động (1/5)', 'BLLĐ 2019 Đ112'),
    { date: '2025-05-02', kind: 'swap-off', reason: 'Nghỉ thứ Sáu 2/5, làm bù thứ Bảy 26/4', legalReference: REF_2025_APRIL },
    h('2025-09-01', 'Quốc khánh (ngày liền kề 2/9)', REF_2025_TET),
    h('2025-09-02', 'Quốc khánh (2/9)', 'BLLĐ 2019 Đ112'),
  ],
};

/**
 * 2026 (domain.md §4): 1/1–4/1 with Fri 2/1 off and Sat 10/1 worked; Tết 14/2–22/2; Giỗ Tổ Sun 26/4 → Mon 27/4;
 * 30/4, 1/5; 2/9 + one adjacent day (1/9 assumed — unverified); 24/11.
 */
const YEAR_2026: PublishedYear = {
  year: 2026,
  legalReference: REF_2026,
  days: [
    h('2026-01-01', 'Tết Dương lịch (1/1)', 'BLLĐ 2019 Đ112'),
    { date: '2026-01-02', kind: 'swap-off', reason: 'Nghỉ thứ Sáu 2/1, làm bù thứ Bảy 10/1', legalReference: REF_2026 },
    { date: '2026-01-10', kind: 'swap-workday', reason: 'Làm bù thứ Bảy 10/1 cho ngày nghỉ thứ Sáu 2/1', legalReference: REF_2026 },
    h('2026-02-16', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', REF_2026),
    h('2026-02-17', 'Tết Nguyên đán Bính Ngọ (mùng 1)', REF_2026),
    h('2026-02-18', 'Tết Nguyên đán Bính Ngọ (mùng 2)', REF_2026),
    h('2026-02-19', 'Tết Nguyên đán Bính Ngọ (mùng 3)', REF_2026),
    h('2026-02-20', 'Tết Nguyên đán Bính Ngọ (mùng 4)', REF_2026),
    h('2026-04-26', 'Giỗ Tổ Hùng Vương (10/3 âm lịch) — Chủ nhật', 'BLLĐ 2019 Đ112'),
    { date: '2026-04-27', kind: 'make-up', reason: 'Nghỉ bù Giỗ Tổ Hùng Vương — 26/4 rơi vào Chủ nhật', legalReference: 'BLLĐ 2019 Đ111 khoản 3' },
    h('2026-04-30', 'Ngày Chiến thắng (30/4)', 'BLLĐ 2019 Đ112'),
    h('2026-05-01', 'Ngày Quốc tế Lao động (1/5)', 'BLLĐ 2019 Đ112'),
    h('2026-09-01', 'Quốc khánh (ngày liền kề 2/9 — giả định, chưa xác minh)', REF_2026),
    h('2026-09-02', 'Quốc khánh (2/9)', 'BLLĐ 2019 Đ112'),
    h('2026-11-24', 'Ngày Văn hóa Việt Nam (24/11)', REF_2026),
  ],
};

/** Seeded published arrangements (editable later through overrides / the database). */
export const PUBLISHED_YEARS: readonly PublishedYear[] = [YEAR_2025, YEAR_2026];
