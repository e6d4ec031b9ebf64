import type { ApologyData, ControlSheetData, FormCommonData, FormDataByKind, ReceiptComponent, ReceiptData, RefusalData, SupplementData } from '../../index';

/** A dossier as the tests see it; `receivedAt` picks the legal basis. Times are UTC instants. */
export function common(receivedAt: Date): FormCommonData {
  return {
    agency: { parentBody: 'Ủy ban nhân dân tỉnh Hưng Yên', name: 'Sở Tư pháp', unit: undefined, place: 'Hưng Yên', phone: '0221 3862 123' },
    documentNumber: '125/TNHS',
    dossierCode: 'STP-250630-0007',
    issuedAt: receivedAt,
    receivedAt,
    procedureName: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
    applicant: {
      name: 'Nguyễn Thị Hồng Nhung',
      idNumber: '033190001234',
      address: 'Số 12 đường Nguyễn Văn Linh, phường Hiến Nam, tỉnh Hưng Yên',
      phone: '0912 345 678',
      email: 'nhung.nguyen@example.vn',
    },
  };
}

export const COMPONENTS: ReceiptComponent[] = [
  { name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)', form: 'original', count: 1 },
  { name: 'Bản chụp Căn cước công dân của người yêu cầu', form: 'copy', count: 1 },
  { name: 'Giấy tờ chứng minh nơi thường trú hoặc tạm trú', form: 'certified-copy', count: 2 },
];

export function receipt(receivedAt: Date, components: ReceiptComponent[] = COMPONENTS): ReceiptData {
  return {
    ...common(receivedAt),
    request: 'Cấp Phiếu lý lịch tư pháp số 1',
    components,
    setCount: 1,
    statutoryDays: 10,
    appointmentAt: new Date(receivedAt.getTime() + 14 * 24 * 3600_000),
    returnPlace: 'Bộ phận Một cửa Sở Tư pháp, số 2 Chùa Chuông, phường Hiến Nam',
    fees: [{ name: 'Phí cung cấp thông tin lý lịch tư pháp', amountVnd: 200000 }],
    register: { book: '03', number: '125' },
    submitter: { name: 'Nguyễn Thị Hồng Nhung' },
    receiver: { name: 'Trần Đức Thắng' },
  };
}

export function supplement(receivedAt: Date): SupplementData {
  return {
    ...common(receivedAt),
    items: [
      { name: 'Giấy tờ chứng minh nơi thường trú', requirement: 'Bản sao có chứng thực, còn thời hạn' },
      { name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', requirement: 'Ghi đầy đủ mục "Họ tên cha, mẹ"' },
    ],
    reason: 'Hồ sơ thiếu giấy tờ chứng minh nơi cư trú hợp lệ',
    guide: { name: 'Trần Đức Thắng' },
  };
}

export function refusal(receivedAt: Date): RefusalData {
  return {
    ...common(receivedAt),
    reason: 'Yêu cầu không thuộc thẩm quyền giải quyết của Sở Tư pháp tỉnh Hưng Yên',
    receiver: { name: 'Trần Đức Thắng' },
  };
}

export function apology(receivedAt: Date): ApologyData {
  const day = 24 * 3600_000;
  return {
    ...common(receivedAt),
    issuedAt: new Date(receivedAt.getTime() + 12 * day),
    originalDueAt: new Date(receivedAt.getTime() + 14 * day),
    newDueAt: new Date(receivedAt.getTime() + 21 * day),
    delayReason: 'Cần xác minh thêm thông tin tại cơ quan Công an tỉnh Thái Bình',
    signer: { name: 'Lê Văn Hùng', title: 'Giám đốc' },
  };
}

export function controlSheet(receivedAt: Date, handOverCount = 4): ControlSheetData {
  const hour = 3600_000;
  const steps: ControlSheetData['handOvers'] = [
    { agency: 'Bộ phận Một cửa — Sở Tư pháp', handedOverAt: new Date(receivedAt.getTime() + hour), giver: 'Trần Đức Thắng', receiver: 'Phạm Thu Hà', result: 'early' },
    { agency: 'Phòng Hành chính tư pháp', handedOverAt: new Date(receivedAt.getTime() + 50 * hour), giver: 'Phạm Thu Hà', receiver: 'Đỗ Quang Vinh', result: 'on-time' },
    { agency: 'Lãnh đạo Sở Tư pháp', handedOverAt: new Date(receivedAt.getTime() + 200 * hour), giver: 'Đỗ Quang Vinh', receiver: 'Lê Văn Hùng', result: 'late', note: 'Chờ kết quả xác minh' },
    { agency: 'Bộ phận Một cửa — Sở Tư pháp', handedOverAt: new Date(receivedAt.getTime() + 220 * hour), giver: 'Lê Văn Hùng', receiver: 'Trần Đức Thắng' },
  ];
  return {
    ...common(receivedAt),
    dueAt: new Date(receivedAt.getTime() + 14 * 24 * hour),
    handOvers: Array.from({ length: handOverCount }, (_, i) => steps[i % steps.length]),
  };
}

export const SAMPLES: { [K in keyof FormDataByKind]: (receivedAt: Date) => FormDataByKind[K] } = {
  receipt: (d) => receipt(d),
  supplement,
  refusal,
  apology,
  'control-sheet': (d) => controlSheet(d),
};

/** 30/06/2025 10:05 and 01/07/2025 08:15, Vietnam time. */
export const BEFORE_SWITCH = new Date('2025-06-30T10:05:00+07:00');
export const AFTER_SWITCH = new Date('2025-07-01T08:15:00+07:00');
export const LOOKUP_URL = 'http://localhost:3000/tra-cuu/STP-250630-0007';
