import { api } from '../common/api-client';
import type { DossierReplayView, DossierTimelineView, ReplayAlertView, ReplayCheckResult } from '@tthc/contracts';
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

/** GET /audit/verify: the audit chain (count/brokenAtSeq at the top) and every dossier event chain */
export interface AuditVerification {
  ok: boolean;
  count: number;
  brokenAtSeq?: number;
  dossiers?: { checked: number };
  firstBroken?: { chain: 'audit'; seq: number } | { chain: 'dossier'; dossierId: string; code: string | null; seq: number };
}

export const verifyAudit = () => api<AuditVerification>('/audit/verify');

const enc = encodeURIComponent;

/** issue 13: the auditor's views of one dossier (by code or id) */
export const getDossierTimeline = (ref: string, signal?: AbortSignal) => api<DossierTimelineView>(`/audit/dossiers/${enc(ref)}/timeline`, { signal });
export const getDossierReplay = (ref: string, signal?: AbortSignal) => api<DossierReplayView>(`/audit/dossiers/${enc(ref)}/replay`, { signal });
export const runDeterminismCheck = (instanceId: string) =>
  api<ReplayCheckResult & { instanceId: string }>(`/process-instances/${enc(instanceId)}/replay`, { method: 'POST', json: {} });
export const listReplayAlerts = (signal?: AbortSignal) => api<{ items: ReplayAlertView[] }>('/audit/replay-alerts', { signal });
