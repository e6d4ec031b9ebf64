/**
 * The replay VIEW of issue 13, run in the worker: the history of one workflow is replayed
 * with this worker's workflow code plus an observing interceptor (trace-interceptors.ts), and
 * what the code asked for at each step — the interpreter's state it recorded (tokens,
 * variables, element records, incidents) and the inbox rows it opened and closed — comes
 * back with a summary of the history's events. It is the worker's own engine state
 * recomputed from the pinned graph and the recorded events, not the current projection.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { join } from 'node:path';
import {
  HISTORY_INVALID_FAILURE,
  type CloseUserTaskInput,
  type CreateUserTaskInput,
  type HistoryEventSummary,
  type ProgressInput,
  type ReplaySnapshot,
  type ReplayTaskEvent,
  type ReplayTrace,
  type ReplayTraceActivities,
  type ReplayTraceInput,
} from '@tthc/contracts';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { checkShape, divergenceOf, fetchHistory } from './replay-history.activity';
import type { TracedCall } from './trace-interceptors';
import { decompressPayload, TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export const TRACE_INTERCEPTORS = join(__dirname, 'trace-interceptors.ts');

export interface ReplayTraceDeps {
  client: Client;
  workflowsPath?: string;
}

export function createReplayTraceActivities(deps: ReplayTraceDeps): ReplayTraceActivities {
  return {
    async traceHistory(input: ReplayTraceInput): Promise<ReplayTrace> {
      const history = await fetchHistory(deps.client, input.workflowId);
      return traceHistory(history, input.workflowId, deps.workflowsPath);
    },
  };
}

export async function traceHistory(history: History, workflowId: string, workflowsPath?: string): Promise<ReplayTrace> {
  checkShape(history);
  const calls: TracedCall[] = [];
  const workflowBundle = await bundleWorkflows(workflowsPath, [TRACE_INTERCEPTORS]);
  const replay = Worker.runReplayHistories(
    {
      workflowBundle,
      replayName: 'tthc-replay-trace',
      dataConverter: TTHC_DATA_CONVERTER,
      sinks: { replayTrace: { call: { fn: (_info, call: TracedCall) => void calls.push(call), callDuringReplay: true } } },
    },
    [{ workflowId, history }],
  );
  let result: { runId: string; error?: Error } | undefined;
  for await (const r of replay) result ??= r;
  if (!result) throw ApplicationFailure.nonRetryable('the replay produced no result', HISTORY_INVALID_FAILURE);
  const events = history.events ?? [];
  return {
    workflowId,
    runId: result.runId,
    deterministic: !result.error,
    divergence: result.error ? divergenceOf(result.error) : null,
    events: summarise(events),
    totalEvents: events.length,
    snapshots: calls.filter((c) => c.type === 'recordProgress').map((c) => snapshotOf(c)),
    // runs after tthc-one-write-handoff write the inbox rows with the progress (ProgressInput.inbox)
    tasks: calls.flatMap((c) => (c.type === 'recordProgress' ? inboxWritesOf(c) : [taskEventOf(c)])),
  };
}

function snapshotOf(c: TracedCall): ReplaySnapshot {
  const p = c.input as ProgressInput;
  return { eventId: c.eventId, at: p.at ?? c.at, state: p.state, tokens: p.activeElements ?? {}, variables: p.variables ?? {}, incidents: p.incidents ?? [], elements: p.elements ?? [] };
}

function inboxWritesOf(c: TracedCall): ReplayTaskEvent[] {
  const writes = (c.input as ProgressInput).inbox;
  return [
    ...(writes?.open ?? []).map((input) => taskEventOf({ ...c, type: 'createUserTask', input })),
    ...(writes?.close ?? []).map((input) => taskEventOf({ ...c, type: 'closeUserTask', input })),
  ];
}

function taskEventOf(c: TracedCall): ReplayTaskEvent {
  if (c.type === 'createUserTask') {
    const t = c.input as CreateUserTaskInput;
    return { eventId: c.eventId, at: t.createdAt ?? c.at, kind: 'opened', taskId: t.taskId, elementId: t.elementId, ...(t.name ? { name: t.name } : {}), ...(t.step ? { step: t.step } : {}), ...(t.dueAt ? { dueAt: t.dueAt } : {}) };
  }
  const t = c.input as CloseUserTaskInput;
  return { eventId: c.eventId, at: t.at ?? c.at, kind: 'closed', taskId: t.taskId, state: t.state, ...(t.by ? { by: t.by } : {}) };
}

const BOOKKEEPING = new Set([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
]);

/** the events an auditor steps through, each with what it is about */
export function summarise(events: HistoryEvent[]): HistoryEventSummary[] {
  const activityTypes = new Map<number, string>();
  const out: HistoryEventSummary[] = [];
  for (const e of events) {
    const id = Number(e.eventId ?? 0);
    const type = e.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED;
    if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) activityTypes.set(id, e.activityTaskScheduledEventAttributes?.activityType?.name ?? '');
    if (BOOKKEEPING.has(type)) continue;
    const label = labelOf(e, activityTypes);
    out.push({ id, type: (EventType[type] ?? String(type)).replace(/^EVENT_TYPE_/, ''), at: new Date(timeOf(e)).toISOString(), ...(label ? { label } : {}) });
  }
  return out;
}

function timeOf(e: HistoryEvent): number {
  const t = e.eventTime;
  if (!t) return 0;
  return Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

function labelOf(e: HistoryEvent, activityTypes: Map<number, string>): string | undefined {
  const scheduled = (id: unknown) => activityTypes.get(Number(id ?? 0));
  switch (e.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
      return e.workflowExecutionStartedEventAttributes?.workflowType?.name ?? undefined;
    case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      return e.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined;
    case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
      return scheduled(e.activityTaskStartedEventAttributes?.scheduledEventId);
    case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
      return scheduled(e.activityTaskCompletedEventAttributes?.scheduledEventId);
    case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      return scheduled(e.activityTaskFailedEventAttributes?.scheduledEventId);
    case EventType.EVENT_TYPE_TIMER_STARTED:
      return `timer ${e.timerStartedEventAttributes?.timerId ?? ''}`;
    case EventType.EVENT_TYPE_TIMER_FIRED:
      return `timer ${e.timerFiredEventAttributes?.timerId ?? ''}`;
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
      return e.workflowExecutionSignaledEventAttributes?.signalName ?? undefined;
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
      const arg = payloadJson(req?.args?.payloads?.[0]) as { by?: string } | undefined;
      return [req?.name, arg?.by].filter(Boolean).join(' · ') || undefined;
    }
    case EventType.EVENT_TYPE_MARKER_RECORDED: {
      const data = payloadJson(e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]) as { activity_type?: string } | undefined;
      return data?.activity_type ?? e.markerRecordedEventAttributes?.markerName ?? undefined;
    }
    default:
      return undefined;
  }
}

function payloadJson(payload: temporal.api.common.v1.IPayload | null | undefined): unknown {
  if (!payload?.data) return undefined;
  try {
    // large payloads are deflated by the product's codec (libs/contracts payload-codec.ts)
    const p = decompressPayload(payload);
    return JSON.parse(Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
  } catch {
    return undefined;
  }
}
