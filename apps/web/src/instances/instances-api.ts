import { api } from '../common/api-client';
import { pageOf } from '../common/page-of';
import type { InstanceHistory, Page, ProcessInstance } from '../common/types';

export async function listInstances(
  filter: { state?: string; processKey?: string; cursor?: string | null },
  signal?: AbortSignal,
): Promise<Page<ProcessInstance>> {
  const q = new URLSearchParams({ limit: '50' });
  if (filter.state) q.set('state', filter.state);
  if (filter.processKey) q.set('processKey', filter.processKey);
  if (filter.cursor) q.set('cursor', filter.cursor);
  return pageOf<ProcessInstance>(await api<unknown>(`/process-instances?${q}`, { signal }));
}

const path = (id: string) => `/process-instances/${encodeURIComponent(id)}`;

export const getInstance = (id: string, signal?: AbortSignal) => api<ProcessInstance>(path(id), { signal });

export async function getHistory(id: string, signal?: AbortSignal): Promise<InstanceHistory> {
  const body = await api<InstanceHistory | InstanceHistory['elements']>(`${path(id)}/history`, { signal });
  return Array.isArray(body) ? { elements: body } : { ...body, elements: body.elements ?? [] };
}

export const cancelInstance = (id: string) => api<unknown>(`${path(id)}/cancel`, { method: 'POST' });

export const getDefinitionXml = (key: string, version: number, signal?: AbortSignal) =>
  api<string>(`/process-definitions/${encodeURIComponent(key)}/versions/${version}/xml`, { text: true, signal });
