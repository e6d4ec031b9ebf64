import type { DossierReplayView } from '@tthc/contracts';
import { formatDuration, momentAt } from '../replay-model';

const rec = (id: string, elementId: string, startedAt: string, endedAt?: string) => ({
  elementInstanceId: id,
  elementId,
  elementType: 'userTask',
  state: endedAt ? ('COMPLETED' as const) : ('ACTIVE' as const),
  startedAt,
  ...(endedAt ? { endedAt } : {}),
});

const view: DossierReplayView = {
  dossier: { id: 'd', code: 'STP.MOTCUA-261202-0001', procedureCode: '2.000815', agency: 'STP', status: 10, workflowId: 'dossier/d' },
  definition: null,
  trace: {
    workflowId: 'dossier/d',
    deterministic: true,
    divergence: null,
    totalEvents: 30,
    events: [
      { id: 1, type: 'WORKFLOW_EXECUTION_STARTED', at: '2026-12-02T01:00:00.000Z' },
      { id: 5, type: 'ACTIVITY_TASK_SCHEDULED', at: '2026-12-02T01:00:01.000Z', label: 'createUserTask' },
      { id: 12, type: 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', at: '2026-12-02T02:00:00.000Z', label: 'completeTask · officer' },
      { id: 20, type: 'WORKFLOW_EXECUTION_COMPLETED', at: '2026-12-02T03:00:00.000Z' },
    ],
    snapshots: [
      { eventId: 3, at: '2026-12-02T01:00:00.500Z', state: 'ACTIVE', tokens: { receive: 1 }, variables: {}, incidents: [], elements: [rec('s', 'start', '2026-12-02T01:00:00Z', '2026-12-02T01:00:00Z'), rec('r1', 'receive', '2026-12-02T01:00:00Z')] },
      { eventId: 14, at: '2026-12-02T02:00:00.500Z', state: 'ACTIVE', tokens: { sign: 1 }, variables: { dossierCode: 'X' }, incidents: [], elements: [rec('r1', 'receive', '2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z'), rec('g1', 'sign', '2026-12-02T02:00:00Z')] },
      { eventId: 19, at: '2026-12-02T03:00:00.000Z', state: 'COMPLETED', tokens: {}, variables: { dossierCode: 'X' }, incidents: [], elements: [rec('g1', 'sign', '2026-12-02T02:00:00Z', '2026-12-02T02:30:00Z')] },
    ],
    tasks: [
      { eventId: 3, at: '2026-12-02T01:00:00Z', kind: 'opened', taskId: 't1', elementId: 'receive' },
      { eventId: 14, at: '2026-12-02T02:00:00Z', kind: 'closed', taskId: 't1', state: 'COMPLETED', by: 'officer' },
    ],
  },
  dossierEvents: [{ seq: 1, kind: 'dossier.created', actor: 'portal', unit: null, at: '2026-12-02T01:00:00.000Z', payload: {}, prevHash: '', hash: 'a' }],
  documents: [
    { id: 'doc', name: 'mau-01.pdf', kind: 'notice', form: 'receipt', resultCode: null, sha256: 'x', version: 1, current: true, uploadedAt: '2026-12-02T02:00:00.000Z', uploadedBy: 'officer', signatures: null },
  ],
};

it('shows, at each event, the last state recorded at or before it', () => {
  const start = momentAt(view, 0);
  expect(start.snapshot).toBeUndefined();
  expect(start.activeIds).toEqual([]);
  expect(start.documents).toEqual([]);
  expect(start.dossierEvents).toHaveLength(1);

  const waiting = momentAt(view, 1);
  expect(waiting.activeIds).toEqual(['receive']);
  expect(waiting.completedIds).toEqual(['start']);
  expect(waiting.openTasks.map((t) => t.taskId)).toEqual(['t1']);

  // the update at event 12 is computed by the workflow task that started at 14: not shown before it
  const update = momentAt(view, 2);
  expect(update.activeIds).toEqual(['receive']);
  expect(update.documents.map((d) => d.id)).toEqual(['doc']);

  const end = momentAt(view, 3);
  expect(end.snapshot?.state).toBe('COMPLETED');
  expect(end.activeIds).toEqual([]);
  expect(end.completedIds.sort()).toEqual(['receive', 'sign', 'start']);
  expect(end.openTasks).toEqual([]);
  const stats = Object.fromEntries(end.stats.map((s) => [s.elementId, s]));
  expect(stats.receive).toMatchObject({ count: 1, durationMs: 3_600_000 });
  expect(stats.sign).toMatchObject({ count: 1, durationMs: 1_800_000 });
});

it('formats durations in Vietnamese and English', () => {
  expect(formatDuration(3_600_000 + 5 * 60_000, 'vi')).toBe('1 giờ 5 phút');
  expect(formatDuration(2 * 86_400_000 + 3_600_000, 'en')).toBe('2 d 1 h');
  expect(formatDuration(42_000, 'vi')).toBe('42 giây');
});
