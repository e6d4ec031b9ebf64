import type { BatchReport, IncidentCounts, IncidentListItem, ModificationInstruction } from '@tthc/contracts';
import { api } from '../common/api-client';
import type { ProcessInstance } from '../common/types';

const path = (id: string) => `/process-instances/${encodeURIComponent(id)}`;

export interface MigrationResult {
  instanceId: string;
  fromVersion: number;
  toVersion: number;
  applied: Record<string, string>;
}

export const migrateInstance = (id: string, targetVersion: number, mapping: Record<string, string>) =>
  api<MigrationResult>(`${path(id)}/migration`, { method: 'POST', json: { targetVersion, mapping } });

export const modifyInstance = (id: string, instructions: ModificationInstruction[], reason: string) =>
  api<ProcessInstance>(`${path(id)}/modification`, { method: 'POST', json: { instructions, reason } });

export interface IncidentList {
  items: IncidentListItem[];
  total: number;
  counts: IncidentCounts;
}

export function listIncidents(filter: { processKey?: string; elementId?: string }, signal?: AbortSignal): Promise<IncidentList> {
  const q = new URLSearchParams({ limit: '200' });
  if (filter.processKey) q.set('processKey', filter.processKey);
  if (filter.elementId) q.set('elementId', filter.elementId);
  return api<IncidentList>(`/incidents?${q}`, { signal });
}

export const retryIncidents = (body: { processKey: string; elementId?: string; variables?: Record<string, unknown> }) =>
  api<BatchReport>('/incidents/retry', { method: 'POST', json: body });

export interface ProcessVersion {
  id: string;
  key: string;
  version: number;
  name?: string | null;
}

export async function listVersions(processKey: string, signal?: AbortSignal): Promise<ProcessVersion[]> {
  const body = await api<{ items: ProcessVersion[] }>(`/process-definitions?key=${encodeURIComponent(processKey)}`, { signal });
  return body.items;
}
