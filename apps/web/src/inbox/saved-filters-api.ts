import type { InboxFilter, SavedFilterView } from '@tthc/contracts';
import { api } from '../common/api-client';

export const listSavedFilters = (signal?: AbortSignal) => api<{ items: SavedFilterView[] }>('/task-filters', { signal }).then((r) => r.items);
export const saveFilter = (name: string, filter: InboxFilter, sharedWithUnit: string | null) =>
  api<SavedFilterView>('/task-filters', { method: 'POST', json: { name, filter, sharedWithUnit } });
export const deleteSavedFilter = (id: string) => api<unknown>(`/task-filters/${encodeURIComponent(id)}`, { method: 'DELETE' });
