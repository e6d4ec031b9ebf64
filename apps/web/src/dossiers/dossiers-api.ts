import { api } from '../common/api-client';
import { ApiError, NetworkError } from '../common/api-error';
import { pageOf } from '../common/page-of';
import type { Page } from '../common/types';
import { tokenStore } from '../auth/token-store';

/** What GET /api/v1/dossiers answers (see libs/contracts DossierView). */
export interface Dossier {
  id: string;
  code: string | null;
  procedureCode: string;
  procedureName: string;
  instanceId: string;
  agency: string;
  receivingUnit: string;
  channel: 1 | 2 | 3;
  applicant: { type: number; name: string; idNumber: string; address: string; phone?: string | null; email?: string | null };
  summary: string;
  status: number;
  statusLabel: string;
  submittedAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  originalDueAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  lateReceipt: boolean;
  components?: Array<{ id: string; ordinal: number; name: string; form: string; count: number; required: boolean; documentId: string | null; reusedDocumentId: string | null }>;
}

export interface ProgressRecord {
  seq: number;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: number;
}

export interface PublicDossier {
  code: string;
  procedureName: string;
  status: number;
  statusLabel: string;
  receivedAt: string | null;
  dueAt: string | null;
  applicantName: string;
}

export async function listDossiers(filter: { status?: string; code?: string; cursor?: string | null }, signal?: AbortSignal): Promise<Page<Dossier>> {
  const q = new URLSearchParams({ limit: '50' });
  if (filter.status) q.set('status', filter.status);
  if (filter.code) q.set('code', filter.code);
  if (filter.cursor) q.set('cursor', filter.cursor);
  return pageOf<Dossier>(await api<unknown>(`/dossiers?${q}`, { signal }));
}

const path = (id: string) => `/dossiers/${encodeURIComponent(id)}`;
export const getDossier = (id: string, signal?: AbortSignal) => api<Dossier>(path(id), { signal });
export const getProgress = async (id: string, signal?: AbortSignal) => (await api<{ items: ProgressRecord[] }>(`${path(id)}/progress`, { signal })).items;
export const lookupPublic = (code: string, signal?: AbortSignal) => api<PublicDossier>(`/public/dossiers/${encodeURIComponent(code)}`, { signal });

/** Opens a form PDF of a dossier in a new tab (the request carries the bearer token, so no plain link). */
export async function openForm(id: string, form: string): Promise<void> {
  const token = tokenStore.get();
  let res: Response;
  try {
    res = await fetch(new URL(`api/v1${path(id)}/forms/${form}`, document.baseURI.replace(/#.*$/, '')), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (cause) {
    throw new NetworkError(cause);
  }
  if (!res.ok) {
    const body = await res.json().catch(() => undefined);
    throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText, body?.error?.details);
  }
  const url = URL.createObjectURL(await res.blob());
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
