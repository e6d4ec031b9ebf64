/**
 * The inbox's filter as the page edits it (dates as YYYY-MM-DD in Vietnam time, one status)
 * and as the API and a saved filter carry it (`InboxFilter`: ISO instants, statuses). Pure.
 */
import type { DossierStatus, InboxFilter, InboxView } from '@tthc/contracts';

export interface InboxFilters {
  procedure?: string;
  code?: string;
  applicant?: string;
  /** one national dossier status, as the select's value ('2') */
  status?: string;
  /** first day of the due range (YYYY-MM-DD, Vietnam time), included */
  dueFrom?: string;
  /** last day of the due range (YYYY-MM-DD, Vietnam time), included */
  dueTo?: string;
}

const VN = '+07:00';

/** the start of a Vietnamese calendar day as an ISO instant with its offset */
export function dayStart(day: string): string {
  return `${day}T00:00:00${VN}`;
}

/** the day after `day` (YYYY-MM-DD) */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** the query parameters of `GET /tasks` and `/tasks/counts` for these filters (the due range is [from 00:00, to + 1 day 00:00)) */
export function filterParams(filters: InboxFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (filters.procedure) q.set('procedure', filters.procedure);
  if (filters.code) q.set('code', filters.code);
  if (filters.applicant) q.set('applicant', filters.applicant);
  if (filters.status) q.set('status', filters.status);
  if (filters.dueFrom) q.set('dueFrom', dayStart(filters.dueFrom));
  if (filters.dueTo) q.set('dueTo', dayStart(nextDay(filters.dueTo)));
  return q;
}

/** what a saved filter keeps of the page's view and filters */
export function toSaved(view: InboxView, f: InboxFilters): InboxFilter {
  return {
    view,
    ...(f.procedure ? { procedure: f.procedure } : {}),
    ...(f.code ? { code: f.code } : {}),
    ...(f.applicant ? { applicant: f.applicant } : {}),
    ...(f.status ? { status: [Number(f.status) as DossierStatus] } : {}),
    ...(f.dueFrom ? { dueFrom: dayStart(f.dueFrom) } : {}),
    ...(f.dueTo ? { dueTo: dayStart(nextDay(f.dueTo)) } : {}),
  };
}

/** a saved filter back into the page's view and filters (a range saved elsewhere is read in Vietnam time) */
export function fromSaved(saved: InboxFilter): { view?: InboxView; filters: InboxFilters } {
  const day = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  return {
    view: saved.view,
    filters: {
      procedure: saved.procedure,
      code: saved.code,
      applicant: saved.applicant,
      status: saved.status?.length ? String(saved.status[0]) : undefined,
      dueFrom: saved.dueFrom ? day(saved.dueFrom) : undefined,
      dueTo: saved.dueTo ? previousDay(day(saved.dueTo)) : undefined,
    },
  };
}
