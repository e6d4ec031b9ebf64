import { api } from '../common/api-client';

export type DayKind = 'holiday' | 'make-up' | 'swap-off' | 'swap-workday';
export const DAY_KINDS: DayKind[] = ['holiday', 'make-up', 'swap-off', 'swap-workday'];

export interface DayInfo {
  date: string;
  weekday?: string;
  working: boolean;
  kind: DayKind | 'weekend' | 'workday';
  reason?: string;
  legalReference?: string;
  source?: string;
}

export interface YearInfo {
  year: number;
  published: boolean;
  legalReference?: string;
  workingDays: number;
  days: DayInfo[];
  overrides?: Array<{ date: string; kind: DayKind; reason: string; legalReference: string }>;
}

export interface OverrideInput {
  date: string;
  kind: DayKind;
  reason: string;
  legalReference: string;
}

export interface Moves {
  moved: Array<{ taskId: string; oldDue: string; newDue: string }>;
  unchanged: number;
}

export const getYear = (year: number, signal?: AbortSignal) => api<YearInfo>(`/calendar/years/${year}`, { signal });
export const previewOverride = (o: OverrideInput) => api<Moves & { day: DayInfo }>('/calendar/overrides/preview', { method: 'POST', json: o });
export const addOverride = (o: OverrideInput) => api<Moves & { day: DayInfo }>('/calendar/overrides', { method: 'POST', json: o });
export const removeOverride = (date: string) => api<Moves>(`/calendar/overrides/${date}`, { method: 'DELETE' });
