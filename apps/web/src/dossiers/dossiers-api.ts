import type {
  CompletedTokenSignature,
  CompleteTokenSignatureRequest,
  DocumentView,
  DossierEventView,
  DossierForm,
  DossierProgressView,
  DossierStatus,
  DossierView,
  PreparedTokenSignature,
  PrepareTokenSignatureRequest,
  ProcedureView,
  ReusableDocumentView,
  TaskView,
} from '@tthc/contracts';
import { api, apiBlob } from '../common/api-client';
import type { Page } from '../common/types';

const enc = encodeURIComponent;

export interface DossierFilters {
  code?: string;
  status?: DossierStatus[];
  procedure?: string;
  applicantId?: string;
}

export function listDossiers(filters: DossierFilters, cursor?: string | null, signal?: AbortSignal): Promise<Page<DossierView>> {
  const q = new URLSearchParams({ limit: '50' });
  if (filters.code) q.set('code', filters.code);
  if (filters.status?.length) q.set('status', filters.status.join(','));
  if (filters.procedure) q.set('procedure', filters.procedure);
  if (filters.applicantId) q.set('applicantId', filters.applicantId);
  if (cursor) q.set('cursor', cursor);
  return api<Page<DossierView>>(`/dossiers?${q}`, { signal });
}

/** Counter intake (channel 1) or by post (3): the officer registers the dossier for the applicant. */
export const createDossier = (body: {
  procedureCode: string;
  channel: 1 | 3;
  applicant: { type: 1 | 2 | 3 | 4; name: string; idNumber: string; address: string; phone?: string | null; email?: string | null };
  summary?: string;
}) => api<DossierView>('/dossiers', { method: 'POST', json: body });

export const listProcedures = (signal?: AbortSignal) =>
  api<{ items: ProcedureView[] } | ProcedureView[]>('/procedures', { signal }).then((r) => (Array.isArray(r) ? r : r.items));

export const getDossier = (id: string, signal?: AbortSignal) => api<DossierView>(`/dossiers/${enc(id)}`, { signal });
export const getDossierEvents = (id: string, signal?: AbortSignal) =>
  api<{ items: DossierEventView[] }>(`/dossiers/${enc(id)}/events`, { signal }).then((r) => r.items);
export const getDossierProgress = (id: string, signal?: AbortSignal) =>
  api<{ items: DossierProgressView[] }>(`/dossiers/${enc(id)}/progress`, { signal }).then((r) => r.items);
export const getDossierDocuments = (id: string, signal?: AbortSignal) =>
  api<{ items: DocumentView[] }>(`/dossiers/${enc(id)}/documents`, { signal }).then((r) => r.items);
export const getReusableDocuments = (id: string, signal?: AbortSignal) =>
  api<{ items: ReusableDocumentView[] }>(`/dossiers/${enc(id)}/reusable-documents`, { signal }).then((r) => r.items);

/** the dossier's open tasks (the inbox rules decide which the caller sees) */
export const getDossierTasks = (instanceId: string, signal?: AbortSignal) =>
  api<Page<TaskView>>(`/tasks?instanceId=${enc(instanceId)}&limit=20`, { signal }).then((r) => r.items);

/** A scan of a component (`componentId`), a result document (`kind: 'result'`) or another document. */
export function uploadDossierDocument(id: string, file: File, target: { componentId: string } | { kind: 'result' | 'other' }) {
  const form = new FormData();
  if ('componentId' in target) form.set('componentId', target.componentId);
  else form.set('kind', target.kind);
  form.set('file', file, file.name);
  return api<DocumentView>(`/dossiers/${enc(id)}/documents`, { method: 'POST', form });
}

export const reuseDocument = (id: string, componentId: string, documentId: string) =>
  api<unknown>(`/dossiers/${enc(id)}/components/${enc(componentId)}/reuse`, { method: 'POST', json: { documentId } });

/** Signs with the officer's server-held key (PAdES: a new version of the document). */
export const signDocument = (documentId: string, reason?: string) =>
  api<unknown>(`/documents/${enc(documentId)}/sign`, { method: 'POST', json: reason ? { reason, visible: true } : { visible: true } });

/** Officer-held token, step 1: the bytes to sign with the token and a short-lived handle. */
export const prepareTokenSignature = (dossierId: string, documentId: string, body: PrepareTokenSignatureRequest) =>
  api<PreparedTokenSignature>(`/dossiers/${enc(dossierId)}/documents/${enc(documentId)}/signatures/prepare`, { method: 'POST', json: body });

/** Officer-held token, step 2: the token's signature; the server embeds, verifies and stores the signed version. */
export const completeTokenSignature = (dossierId: string, documentId: string, body: CompleteTokenSignatureRequest) =>
  api<CompletedTokenSignature>(`/dossiers/${enc(dossierId)}/documents/${enc(documentId)}/signatures/complete`, { method: 'POST', json: body });

export const getDocument = (documentId: string, signal?: AbortSignal) => api<DocumentView>(`/documents/${enc(documentId)}`, { signal });
export const documentContent = (documentId: string, signal?: AbortSignal) => apiBlob(`/documents/${enc(documentId)}/content`, signal);
export const dossierForm = (id: string, form: DossierForm, signal?: AbortSignal) => apiBlob(`/dossiers/${enc(id)}/forms/${form}`, signal);
