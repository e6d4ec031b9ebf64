/**
 * The determinism check of issue 13, run IN THE WORKER: the history of one workflow (fetched
 * from Temporal, or supplied by the auditor) is replayed with the workflow bundle this worker
 * process runs — the code that would continue the dossier — not with whatever code the API
 * process happens to carry. Only the verdict leaves the activity.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import {
  HISTORY_INVALID_FAILURE,
  HISTORY_NOT_FOUND_FAILURE,
  type ReplayActivities,
  type ReplayCheckInput,
  type ReplayCheckResult,
  type ReplayDivergence,
} from '@tthc/contracts';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { historyFromJSON } from '@tthc/contracts/src/history-json';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

type History = temporal.api.history.v1.IHistory;
const EventType = temporal.api.enums.v1.EventType;

export interface ReplayDeps {
  client: Client;
  /** another workflow entry (tests); default the runProcess bundle */
  workflowsPath?: string;
}

export function createReplayActivities(deps: ReplayDeps): ReplayActivities {
  return {
    async replayHistory(input: ReplayCheckInput): Promise<ReplayCheckResult> {
      const supplied = input.history !== undefined && input.history !== null;
      const history = supplied ? parseSupplied(input.history) : await fetchHistory(deps.client, input.workflowId);
      checkShape(history);
      const workflowBundle = await bundleWorkflows(deps.workflowsPath);
      const replay = Worker.runReplayHistories({ workflowBundle, replayName: `tthc-replay-check`, dataConverter: TTHC_DATA_CONVERTER }, [{ workflowId: input.workflowId, history }]);
      let result: { runId: string; error?: Error } | undefined;
      for await (const r of replay) result ??= r;
      if (!result) throw ApplicationFailure.nonRetryable('the replay produced no result', HISTORY_INVALID_FAILURE);
      return {
        workflowId: input.workflowId,
        runId: result.runId,
        deterministic: !result.error,
        events: history.events?.length ?? 0,
        divergence: result.error ? divergenceOf(result.error) : null,
        suppliedHistory: supplied,
      };
    },
  };
}

export async function fetchHistory(client: Client, workflowId: string): Promise<History> {
  try {
    return await client.workflow.getHandle(workflowId).fetchHistory();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      throw ApplicationFailure.nonRetryable(`Temporal has no history for ${workflowId}`, HISTORY_NOT_FOUND_FAILURE);
    }
    throw err;
  }
}

function parseSupplied(raw: unknown): History {
  try {
    return historyFromJSON(raw as object);
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`not a Temporal history (proto JSON): ${(err as Error).message}`, HISTORY_INVALID_FAILURE);
  }
}

/**
 * A history the replayer can trust: it starts with WorkflowExecutionStarted and its event
 * ids run 1, 2, 3… without a gap. A cut or spliced history fails here, by name, instead of
 * as an obscure SDK error.
 */
export function checkShape(history: History): void {
  const events = history.events ?? [];
  const invalid = (message: string, details: Record<string, unknown>) => ApplicationFailure.create({ message, type: HISTORY_INVALID_FAILURE, nonRetryable: true, details: [details] });
  if (events.length === 0) throw invalid('the history has no events', { events: 0 });
  if (events[0].eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
    throw invalid('the history is truncated: its first event is not WorkflowExecutionStarted', { firstEventId: Number(events[0].eventId ?? 0) });
  }
  for (let i = 0; i < events.length; i++) {
    const id = Number(events[i].eventId ?? 0);
    if (id !== i + 1) throw invalid(`the history is truncated or spliced: event #${i + 1} has id ${id}`, { position: i + 1, eventId: id });
  }
}

export function divergenceOf(error: Error): ReplayDivergence {
  const message = error.message;
  const id = /event(?:[ _]?id)?[\s:=#]+(\d+)/i.exec(message)?.[1];
  return { type: error.name || error.constructor.name, message, ...(id ? { eventId: Number(id) } : {}) };
}
