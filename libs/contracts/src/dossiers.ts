import type { DraftSummaryView, VersionEntryView } from './designs';
/**
 * The dossier (hồ sơ) as the API, the worker and the web app name it: national status
 * codes, channels, applicant types and the DTOs of /api/v1/dossiers. Pure data.
 */

/** National portal status (`TrangThaiHoSo`, domain.md §2). */
export const DossierStatus = {
  /** mới đăng ký: online, not yet received */
  SUBMITTED: 1,
  /** được tiếp nhận */
  RECEIVED: 2,
  /** không được tiếp nhận */
  REFUSED: 3,
  /** đang xử lý */
  PROCESSING: 4,
  /** yêu cầu bổ sung */
  SUPPLEMENT_REQUESTED: 5,
  /** nghĩa vụ tài chính */
  FINANCIAL_OBLIGATION: 6,
  /** rút hồ sơ */
  WITHDRAWN: 7,
  /** dừng xử lý */
  STOPPED: 8,
  /** đã xử lý xong */
  PROCESSED: 9,
  /** đã trả kết quả */
  RETURNED: 10,
} as const;
export type DossierStatus = (typeof DossierStatus)[keyof typeof DossierStatus];
export const DOSSIER_STATUSES: readonly DossierStatus[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** A dossier in one of these statuses never changes status again. */
export const FINAL_DOSSIER_STATUSES: readonly DossierStatus[] = [3, 7, 8, 10];

/** Vietnamese label of each status (UI, progress records, public lookup). */
export const DOSSIER_STATUS_LABELS: Record<DossierStatus, string> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung',
  6: 'Thực hiện nghĩa vụ tài chính',
  7: 'Rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

/** `KenhThucHien`: 1 trực tiếp (counter), 2 trực tuyến (online), 3 bưu chính công ích (post). */
export type DossierChannel = 1 | 2 | 3;
/** 1 công dân, 2 doanh nghiệp, 3 cơ quan nhà nước, 4 tổ chức khác */
export type ApplicantType = 1 | 2 | 3 | 4;

export interface Applicant {
  type: ApplicantType;
  name: string;
  /** CCCD / CMND / passport number, or the tax code of an organisation */
  idNumber: string;
  address: string;
  phone?: string | null;
  email?: string | null;
}

/** One line of a procedure's component list (thành phần hồ sơ). */
export interface ProcedureComponent {
  /** stable id inside the procedure, e.g. `ban-chinh-giay-to` */
  id: string;
  name: string;
  /** bản chính | bản sao | bản sao có chứng thực */
  form: 'original' | 'copy' | 'certified-copy';
  count: number;
  required: boolean;
  note?: string;
}

export interface ProcedureFee {
  /** what the fee is for (e.g. `Phí chứng thực bản sao`) */
  name: string;
  /** VND; null when it depends on the dossier (see `note`) */
  amount: number | null;
  unit?: string;
  note?: string;
}

export interface ProcedureLegalBasis {
  /** e.g. `Nghị định 23/2015/NĐ-CP` */
  document: string;
  title: string;
  articles?: string;
}

export type ProcedureOnlineLevel = 'full' | 'partial';
export type ProcedureStatus = 'draft' | 'published' | 'retired';
export const PROCEDURE_STATUSES: readonly ProcedureStatus[] = ['draft', 'published', 'retired'];

/** The TTHC catalog entry of a procedure (`processes/<key>.procedure.json`). */
export interface ProcedureView {
  /** national TTHC code, e.g. `2.000815` */
  code: string;
  /** BPMN process key that runs it */
  processKey: string;
  name: string;
  agency: string;
  field: string;
  /** cấp thực hiện: province | district | commune */
  level: string;
  /** dịch vụ công trực tuyến: `full` toàn trình | `partial` một phần */
  onlineLevel: ProcedureOnlineLevel;
  /** draft (not offered yet), published (dossiers may be filed), retired (no new dossiers) */
  status: ProcedureStatus;
  statutoryDays: number;
  cutoff: string | null;
  fees: ProcedureFee[];
  components: ProcedureComponent[];
  resultDocuments: Array<{ name: string; note?: string }>;
  legalBasis: ProcedureLegalBasis[];
}

/** A catalog entry as a file or a fixture gives it: online level and status have defaults (partial, published). */
export type ProcedureEntry = Omit<ProcedureView, 'onlineLevel' | 'status'> & Partial<Pick<ProcedureView, 'onlineLevel' | 'status'>>;

/** One deployed (published) version of the process that runs a procedure. */
export interface ProcedureVersionView {
  version: number;
  definitionId: string;
  deployedAt: string;
  deployedBy: string;
}

/** `GET /procedures/:code`: the catalog entry with the versions of its process. */
export interface ProcedureDetailView extends ProcedureView {
  versions: ProcedureVersionView[];
  /** publications from the designer (author, note, layout-only) and deployments, newest first */
  history: VersionEntryView[];
  /** the designer's open drafts of the process: for analysts of the owning agency and admins (others: []) */
  drafts: DraftSummaryView[];
  /** whether the caller may change this entry (analyst of the owning agency, admin) */
  editable: boolean;
}

/** `PATCH /procedures/:code`: what an analyst may change (statutory days, cut-off and agency come from the BPMN). */
export interface ProcedureUpdate {
  status?: ProcedureStatus;
  name?: string;
  field?: string;
  onlineLevel?: ProcedureOnlineLevel;
  fees?: ProcedureFee[];
  components?: ProcedureComponent[];
  resultDocuments?: Array<{ name: string; note?: string }>;
  legalBasis?: ProcedureLegalBasis[];
}

export interface DossierComponentView {
  id: string;
  ordinal: number;
  componentKey: string;
  name: string;
  form: ProcedureComponent['form'];
  count: number;
  required: boolean;
  /** the digitised scan, when uploaded */
  documentId: string | null;
  /** a document already held for the same applicant ID, linked instead of uploaded again */
  reusedDocumentId: string | null;
}

export interface DossierView {
  id: string;
  code: string | null;
  procedureCode: string;
  procedureName: string;
  processKey: string;
  processVersion: number;
  instanceId: string;
  workflowId: string;
  agency: string;
  receivingUnit: string;
  channel: DossierChannel;
  applicant: Applicant;
  summary: string;
  status: DossierStatus;
  statusLabel: string;
  submittedAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  originalDueAt: string | null;
  pausedWorkingMs: number;
  pausedAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  apologyCount: number;
  supplementCount: number;
  lateReceipt: boolean;
  /** the engine found, 1 working day before the due date, that the dossier was not finished: its apology (Mẫu 04) is due; cleared when issued */
  apologyRequiredAt?: string | null;
  createdAt: string;
  createdBy: string;
  components?: DossierComponentView[];
}

export interface DossierEventView {
  seq: number;
  kind: string;
  actor: string;
  unit: string | null;
  at: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** A national progress record (domain.md §2), with the national field names. */
export interface DossierProgressView {
  seq: number;
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: DossierStatus;
  NgayBatDau: string | null;
  NgayKetThucTheoQuyDinh: string | null;
}

/** What anybody may learn from a dossier code (GET /public/dossiers/:code). */
export interface PublicDossierView {
  code: string;
  procedureName: string;
  status: DossierStatus;
  statusLabel: string;
  receivedAt: string | null;
  dueAt: string | null;
  /** e.g. `N*** V** A` */
  applicantName: string;
}

/** The generated forms a dossier can show (GET /dossiers/:id/forms/:form). */
export const DOSSIER_FORMS = ['receipt', 'supplement', 'refusal', 'apology', 'control-sheet'] as const;
export type DossierForm = (typeof DOSSIER_FORMS)[number];

/** The BPMN message a citizen's resubmission delivers to the dossier's workflow (correlation key: the dossier code). */
export const RESUBMISSION_MESSAGE = 'ho-so-bo-sung';

/**
 * The address the QR code of a form opens: the public lookup of the dossier code.
 * `base` is the product's public URL (TTHC_PUBLIC_URL, default http://localhost:3000).
 */
export function publicLookupUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, '')}/api/v1/public/dossiers/${encodeURIComponent(code)}`;
}
