import { api } from '../common/api-client';
import type { Page } from '../common/types';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: unknown;
  prevHash?: string;
  hash: string;
}

export async function listAudit(
  filter: { entity?: string; entityId?: string },
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<AuditEntry>> {
  const q = new URLSearchParams({ limit: '100' });
  if (filter.entity) q.set('entity', filter.entity);
  if (filter.entityId) q.set('entityId', filter.entityId);
  if (cursor) q.set('after', cursor);
  const body = await api<{ items: AuditEntry[]; next?: number }>(`/audit?${q}`, { signal });
  return { items: body.items ?? [], nextCursor: body.next != null ? String(body.next) : null };
}

export const verifyAudit = () => api<{ ok: boolean; count: number; brokenAtSeq?: number }>('/audit/verify');
