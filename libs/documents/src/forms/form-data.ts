import type { FormKind } from '../templates/form-template';

/** The body that issues the form (header, left column). */
export interface IssuingAgency {
  /** `ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN` — the parent body (cơ quan chủ quản), first header line. */
  parentBody?: string | null;
  /** `SỞ TƯ PHÁP` — the agency (bold). */
  name: string;
  /** `BỘ PHẬN MỘT CỬA` — the receiving unit, when the form is issued by it. */
  unit?: string | null;
  /** Place for the date line: `Hưng Yên`. */
  place: string;
  /** Where to call for guidance (printed on Mẫu 02/03). */
  phone?: string | null;
}

export interface Applicant {
  name: string;
  /** Số định danh cá nhân / CCCD, or the organisation's tax code. */
  idNumber?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** A person who signs, e.g. the receiving officer or the agency head. */
export interface Signer {
  name: string;
  /** Heading above the signature, e.g. `GIÁM ĐỐC`; defaults per form. */
  title?: string | null;
}

/** Fields every form carries. */
export interface FormCommonData {
  agency: IssuingAgency;
  /** Document number (`Số: 15/TNHS`); printed as dots when absent. */
  documentNumber?: string | null;
  /** Dossier code `<unit>-YYMMDD-NNNN`. */
  dossierCode: string;
  /** When the form is issued: the date line and the PDF's dates (never the wall clock). */
  issuedAt: Date;
  /** When the dossier was received (submitted, for a refusal): picks the template in force. */
  receivedAt: Date;
  /** The procedure's name (Tên thủ tục hành chính). */
  procedureName: string;
  applicant: Applicant;
}

/** Form of a component: bản chính, bản sao, bản sao chứng thực, bản điện tử. */
export type ComponentForm = 'original' | 'copy' | 'certified-copy' | 'electronic';

export interface ReceiptComponent {
  name: string;
  form: ComponentForm;
  count: number;
}

export interface Fee {
  name: string;
  /** In Vietnamese đồng. */
  amountVnd: number;
}

/** Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptData extends FormCommonData {
  /** Nội dung yêu cầu giải quyết; defaults to the procedure name. */
  request?: string | null;
  components: ReceiptComponent[];
  /** Số lượng hồ sơ (bộ); default 1. */
  setCount?: number | null;
  /** Thời gian giải quyết theo quy định (working days). */
  statutoryDays?: number | null;
  /** Appointment to return the result (NgayHenTra). */
  appointmentAt: Date;
  /** Đăng ký nhận kết quả tại: where (or how) the result is collected. */
  returnPlace: string;
  fees?: Fee[] | null;
  /** Vào Sổ theo dõi hồ sơ, Quyển số … Số thứ tự … */
  register?: { book: string; number: string } | null;
  submitter: Signer;
  receiver: Signer;
}

export interface SupplementItem {
  name: string;
  /** What exactly must be added or corrected. */
  requirement?: string | null;
}

/** Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementData extends FormCommonData {
  request?: string | null;
  items: SupplementItem[];
  reason: string;
  /** The officer who guides the applicant (NGƯỜI HƯỚNG DẪN). */
  guide: Signer;
}

/** Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalData extends FormCommonData {
  request?: string | null;
  reason: string;
  receiver: Signer;
}

/** Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (TT 03/2025: văn bản xin lỗi và đề nghị gia hạn). */
export interface ApologyData extends FormCommonData {
  /** Kính gửi: defaults to `Ông/Bà <applicant name>`. */
  addressee?: string | null;
  originalDueAt: Date;
  delayReason: string;
  /** The apology sentence; a standard wording when absent. */
  apologyText?: string | null;
  newDueAt: Date;
  /** The agency head (THỦ TRƯỞNG CƠ QUAN). */
  signer: Signer;
  /** Nơi nhận; defaults to the addressee and the archive. */
  recipients?: string[] | null;
}

/** Kết quả giải quyết of one hand-over: trước hạn / đúng hạn / quá hạn. */
export type StepResult = 'early' | 'on-time' | 'late';

export interface HandOver {
  /** Cơ quan, đơn vị that receives (or hands over) the dossier at this step. */
  agency: string;
  handedOverAt: Date;
  giver: string;
  receiver: string;
  /** The result of the step being handed over; absent while it is still in progress. */
  result?: StepResult | null;
  note?: string | null;
}

/** Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05 of TT 01/2018, Mẫu 06 of TT 03/2025). */
export interface ControlSheetData extends FormCommonData {
  dueAt: Date;
  handOvers: HandOver[];
}

export interface FormDataByKind {
  receipt: ReceiptData;
  supplement: SupplementData;
  refusal: RefusalData;
  apology: ApologyData;
  'control-sheet': ControlSheetData;
}

/** Compile-time check that every kind has its data type. */
export type FormData<K extends FormKind> = FormDataByKind[K];
