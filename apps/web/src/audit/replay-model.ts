import type { AuditDocumentView, DossierEventView, DossierReplayView, ElementRecord, HistoryEventSummary, ReplaySnapshot, ReplayTaskEvent } from '@tthc/contracts';

export interface ElementStat {
  elementId: string;
  name?: string;
  /** element instances started so far */
  count: number;
  /** summed duration of the ended ones (ms) */
  durationMs: number;
}

/** Everything the replay view shows at one position of the slider. */
export interface Moment {
  index: number;
  event: HistoryEventSummary;
  /** the interpreter's last recorded state at or before this event (undefined before the first) */
  snapshot: ReplaySnapshot | undefined;
  activeIds: string[];
  completedIds: string[];
  incidentIds: string[];
  stats: ElementStat[];
  openTasks: ReplayTaskEvent[];
  documents: AuditDocumentView[];
  dossierEvents: DossierEventView[];
}

/**
 * The state of the dossier as it was at the `index`-th event of its Temporal history: the last
 * state the workflow code recorded at or before that event (snapshots carry the history length
 * of the workflow task that computed them), the element records accumulated up to it, the
 * inbox rows opened and not yet closed, and the documents and dossier events that existed at
 * the event's instant. Pure: no request, no clock.
 */
export function momentAt(view: DossierReplayView, index: number): Moment {
  const { trace } = view;
  const event = trace.events[Math.max(0, Math.min(index, trace.events.length - 1))];
  const upTo = <T extends { eventId: number }>(xs: T[]) => xs.filter((x) => x.eventId <= event.id);
  const snaps = upTo(trace.snapshots);
  const snapshot = snaps[snaps.length - 1];
  const records = new Map<string, ElementRecord>();
  for (const s of snaps) for (const r of s.elements) records.set(r.elementInstanceId, { ...records.get(r.elementInstanceId), ...r });
  const stats = new Map<string, ElementStat>();
  const completed = new Set<string>();
  for (const r of records.values()) {
    const st = stats.get(r.elementId) ?? { elementId: r.elementId, ...(r.name ? { name: r.name } : {}), count: 0, durationMs: 0 };
    st.count++;
    if (r.endedAt) st.durationMs += Math.max(0, Date.parse(r.endedAt) - Date.parse(r.startedAt));
    stats.set(r.elementId, st);
    if (r.state === 'COMPLETED') completed.add(r.elementId);
  }
  const tokens = snapshot?.tokens ?? {};
  const activeIds = Object.keys(tokens).filter((id) => tokens[id] > 0);
  const open = new Map<string, ReplayTaskEvent>();
  for (const t of upTo(trace.tasks)) {
    if (t.kind === 'opened') open.set(t.taskId, t);
    else open.delete(t.taskId);
  }
  const at = Date.parse(event.at);
  return {
    index,
    event,
    snapshot,
    activeIds,
    completedIds: [...completed],
    incidentIds: (snapshot?.incidents ?? []).map((i) => i.elementId),
    stats: [...stats.values()].sort((a, b) => b.count - a.count || a.elementId.localeCompare(b.elementId)),
    openTasks: [...open.values()],
    documents: view.documents.filter((d) => Date.parse(d.uploadedAt) <= at),
    dossierEvents: view.dossierEvents.filter((e) => Date.parse(e.at) <= at),
  };
}

/** "2 giờ 5 phút" style, from milliseconds (wall-clock duration, not working time) */
export function formatDuration(ms: number, lang: 'vi' | 'en'): string {
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const u = lang === 'vi' ? { d: 'ngày', h: 'giờ', m: 'phút', s: 'giây' } : { d: 'd', h: 'h', m: 'min', s: 's' };
  const parts = [d && `${d} ${u.d}`, h && `${h} ${u.h}`, m && `${m} ${u.m}`, !d && !h && `${sec} ${u.s}`].filter(Boolean);
  return parts.join(' ');
}
