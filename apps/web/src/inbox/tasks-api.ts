import { api } from '../common/api-client';
import { pageOf } from '../common/page-of';
import type { Page, Task } from '../common/types';

export type InboxTab = 'me' | 'group' | 'unassigned';

/** Tolerates both `instanceId` and `processInstanceId` spellings from the API. */
function normaliseTask(raw: Task & { processInstanceId?: string }): Task {
  return { ...raw, instanceId: raw.instanceId ?? raw.processInstanceId ?? '' };
}

export async function listTasks(tab: InboxTab, cursor?: string | null, signal?: AbortSignal): Promise<Page<Task>> {
  const q = new URLSearchParams({ assigned: tab, limit: '50' });
  if (cursor) q.set('cursor', cursor);
  const page = pageOf<Task>(await api<unknown>(`/tasks?${q}`, { signal }));
  return { ...page, items: page.items.map(normaliseTask) };
}

export const claimTask = (id: string) => api<Task>(`/tasks/${encodeURIComponent(id)}/claim`, { method: 'POST' });
export const unclaimTask = (id: string) => api<Task>(`/tasks/${encodeURIComponent(id)}/unclaim`, { method: 'POST' });
export const completeTask = (id: string, variables: Record<string, unknown>) =>
  api<unknown>(`/tasks/${encodeURIComponent(id)}/complete`, { method: 'POST', json: { variables } });
