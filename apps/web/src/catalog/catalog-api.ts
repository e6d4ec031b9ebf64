import type { ProcedureDetailView, ProcedureStatus, ProcedureUpdate, ProcedureView } from '@tthc/contracts';
import { api } from '../common/api-client';

export function listCatalog(signal?: AbortSignal): Promise<ProcedureView[]> {
  return api<{ items: ProcedureView[] }>('/procedures', { signal }).then((r) => r.items);
}

export function getCatalogEntry(code: string, signal?: AbortSignal): Promise<ProcedureDetailView> {
  return api<ProcedureDetailView>(`/procedures/${encodeURIComponent(code)}`, { signal });
}

export function updateCatalogEntry(code: string, patch: ProcedureUpdate): Promise<ProcedureDetailView> {
  return api<ProcedureDetailView>(`/procedures/${encodeURIComponent(code)}`, { method: 'PATCH', json: patch });
}

export const STATUS_BADGE: Record<ProcedureStatus, string> = { draft: 'badge-claimed', published: 'badge-completed', retired: 'badge-canceled' };
