import type { InboxCounts, InboxView, TaskFormView, TaskView } from '@tthc/contracts';
import { api } from '../common/api-client';
import { ApiError } from '../common/api-error';
import { filterParams, type InboxFilters } from './inbox-filter';
import { pageOf } from '../common/page-of';
import type { Page } from '../common/types';

export type InboxTab = InboxView;

export type { InboxFilters };

function query(tab: InboxTab, filters: InboxFilters): URLSearchParams {
  const q = filterParams(filters);
  if (tab === 'soon' || tab === 'overdue') q.set('due', tab);
  else q.set('assigned', tab);
  return q;
}

export async function listTasks(tab: InboxTab, filters: InboxFilters, cursor?: string | null, signal?: AbortSignal): Promise<Page<TaskView>> {
  const q = query(tab, filters);
  q.set('limit', '50');
  if (cursor) q.set('cursor', cursor);
  return pageOf<TaskView>(await api<unknown>(`/tasks?${q}`, { signal }));
}

export function taskCounts(filters: InboxFilters, signal?: AbortSignal): Promise<InboxCounts> {
  const q = filterParams(filters);
  return api<InboxCounts>(`/tasks/counts?${q}`, { signal });
}

export const claimTask = (id: string) => api<TaskView>(`/tasks/${encodeURIComponent(id)}/claim`, { method: 'POST' });
export const unclaimTask = (id: string) => api<TaskView>(`/tasks/${encodeURIComponent(id)}/unclaim`, { method: 'POST' });
export const completeTask = (id: string, variables: Record<string, unknown>) =>
  api<unknown>(`/tasks/${encodeURIComponent(id)}/complete`, { method: 'POST', json: { variables } });

/** The task's form-js form (`tthc:formKey`) as deployed with its version; null when it has none. */
export async function getTaskForm(id: string, signal?: AbortSignal): Promise<TaskFormView | null> {
  try {
    return await api<TaskFormView>(`/tasks/${encodeURIComponent(id)}/form`, { signal });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'FORM_NOT_FOUND') return null;
    throw e;
  }
}

/** a unit lead gives the task to an officer of the same unit */
export const reassignTask = (id: string, to: string) => api<TaskView>(`/tasks/${encodeURIComponent(id)}/reassign`, { method: 'POST', json: { to } });
