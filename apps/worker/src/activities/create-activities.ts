/**
 * `createActivities(deps)`: the ProcessActivities the runProcess workflow calls,
 * implemented over the persistence library (inbox rows, instance projection, element
 * history), the calendar port and the service task registry.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  DELIVER_SIGNAL_SIGNAL,
  RUN_PROCESS_WORKFLOW,
  type BroadcastSignalInput,
  type LocalServiceTaskInput,
  type LocalServiceTaskOutcome,
  type LocalServiceTaskResult,
  type ProcessActivities,
  type ServiceTaskInput,
} from '@tthc/contracts';
import { closeUserTask, createUserTask, getDefinition, recordProgress } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { UNKNOWN_TASK_TYPE_FAILURE } from '../workflows/failure-types';
import { dossierStepDeps, flagLateReceiptActivity, guardStepActivity, raiseApologyDueActivity, resumeDossierClockActivity, warmDossierSteps, type DossierStepDeps, type DossierStepOptions, type WarmUpReport } from './dossier-steps';
import type { DueCalculator } from './due/compute-due';
import { databaseCalendarDue } from './due/database-calendar-due';
import { workerCalendar, type WorkerCalendar } from './due/worker-calendar';
import { broadcastThrownSignal, publishThrownMessage, type ThrowDeps } from './events/thrown-events';
import { defaultServiceTasks } from './service-tasks/default-registry';
import { serviceTaskDefinition, type ServiceTaskDefinition, type ServiceTaskRegistry } from './service-tasks/service-task.types';

/** largest service task result (JSON bytes); Temporal refuses payloads over 2 MB */
export const SERVICE_RESULT_LIMIT_BYTES = 1_048_576;
const PAYLOAD_TOO_LARGE_FAILURE = 'PAYLOAD_TOO_LARGE';

export interface ActivityDeps {
  ds: DataSource;
  /** handlers by task type; default: defaultServiceTasks() */
  serviceTasks?: ServiceTaskRegistry;
  /** due-date arithmetic (working/absolute); default: the Vietnamese working calendar of the database (admin overrides, agency hours) */
  computeDue?: DueCalculator;
  /** Temporal client, needed to broadcast BPMN signals to other instances */
  client?: Client;
  /** blob store, signing configuration, data dir of the dossier activities (default: the API's environment) */
  dossiers?: DossierStepOptions;
}

export function createActivities(deps: ActivityDeps): ProcessActivities {
  return createWorkerActivities(deps).activities;
}

/** The activities, and the warm-up of their dossier steps (same signing configuration and seals) a worker runs before it polls. */
export function createWorkerActivities(deps: ActivityDeps): { activities: ProcessActivities; warmUp(): Promise<WarmUpReport> } {
  const calendar = workerCalendar(deps.ds);
  const dossiers = dossierStepDeps(deps.ds, deps.dossiers, process.env, calendar);
  return { activities: processActivities(deps, calendar, dossiers), warmUp: () => warmDossierSteps(dossiers) };
}

function processActivities(deps: ActivityDeps, calendar: WorkerCalendar, dossiers: DossierStepDeps): ProcessActivities {
  const registry = deps.serviceTasks ?? defaultServiceTasks();
  const due = deps.computeDue ?? databaseCalendarDue(calendar);
  return {
    guardStep: guardStepActivity(dossiers),
    resumeDossierClock: resumeDossierClockActivity(dossiers),
    flagLateReceipt: flagLateReceiptActivity(dossiers),
    raiseApologyDue: raiseApologyDueActivity(dossiers),
    async createUserTask(input) {
      await createUserTask(deps.ds, input);
    },
    async closeUserTask(input) {
      await closeUserTask(deps.ds, input);
    },
    async recordProgress(input) {
      await recordProgress(deps.ds, input);
    },
    async computeDue(input) {
      return new Date(await due(input)).toISOString();
    },
    async loadDefinition({ processKey, version }) {
      const row = await getDefinition(deps.ds, processKey, version);
      if (!row) {
        const which = version === undefined ? 'any version' : `version ${version}`;
        throw ApplicationFailure.nonRetryable(`called process "${processKey}" (${which}) is not deployed`, 'PROCESS_NOT_FOUND');
      }
      return { definitionId: row.id, hash: row.hash, version: row.version, graph: row.graph };
    },
    async runServiceTask(input: ServiceTaskInput) {
      return runHandler(registry, input);
    },
    async runLocalServiceTask({ forceLocal, ...input }: LocalServiceTaskInput): Promise<LocalServiceTaskResult> {
      // durable work (registry flag): the workflow schedules runServiceTask instead — the answer is in history
      if (!forceLocal && !definitionOf(registry, input).local) return { handoff: true };
      return { variables: await runHandler(registry, input) };
    },
    async runLocalServiceTasks(inputs: LocalServiceTaskInput[]): Promise<LocalServiceTaskOutcome[]> {
      const settled = await Promise.allSettled(
        inputs.map(async ({ forceLocal, ...input }): Promise<LocalServiceTaskResult> => {
          if (!forceLocal && !definitionOf(registry, input).local) return { handoff: true };
          return { variables: await runHandler(registry, input) };
        }),
      );
      // the outcomes travel in one payload: past the budget, a job runs again on its own
      let budget = SERVICE_RESULT_LIMIT_BYTES;
      return settled.map((s): LocalServiceTaskOutcome => {
        if (s.status === 'rejected') return { failure: failureOf(s.reason) };
        budget -= 'variables' in s.value ? Buffer.byteLength(JSON.stringify(s.value.variables)) : 0;
        return budget < 0 ? { alone: true } : s.value;
      });
    },
    async broadcastSignal(input) {
      if (input.throwId) return (await broadcastThrownSignal(throwDeps(deps, calendar), { ...input, throwId: input.throwId })).offered;
      return broadcastSignal(deps.client, input, Context.current().info.workflowExecution?.workflowId);
    },
    async publishMessage(input) {
      return publishThrownMessage(throwDeps(deps, calendar), input);
    },
  };
}

function failureOf(err: unknown): { type?: string; message: string; nonRetryable: boolean; details?: unknown[] } {
  if (err instanceof ApplicationFailure) return { type: err.type ?? undefined, message: err.message, nonRetryable: !!err.nonRetryable, ...(err.details?.length ? { details: [...err.details] } : {}) };
  return { type: 'Error', message: err instanceof Error ? err.message || err.name : String(err), nonRetryable: false };
}

function definitionOf(registry: ServiceTaskRegistry, input: ServiceTaskInput): ServiceTaskDefinition {
  const entry = registry[input.taskType];
  if (!entry) {
    const known = Object.keys(registry).sort().join(', ');
    throw ApplicationFailure.nonRetryable(`no service task handler for type "${input.taskType}" (element ${input.elementId}); known types: ${known}`, UNKNOWN_TASK_TYPE_FAILURE);
  }
  return serviceTaskDefinition(entry);
}

async function runHandler(registry: ServiceTaskRegistry, input: ServiceTaskInput): Promise<Record<string, unknown>> {
  const { handler } = definitionOf(registry, input);
  const result = (await handler({ input, headers: input.headers ?? {}, signal: Context.current().cancellationSignal })) ?? {};
  // a result over Temporal's payload limit would be refused by the server on every attempt: an incident instead
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes > SERVICE_RESULT_LIMIT_BYTES) {
    throw ApplicationFailure.nonRetryable(
      `the result of service task "${input.taskType}" (element ${input.elementId}) is ${bytes} bytes, over the limit of ${SERVICE_RESULT_LIMIT_BYTES}`,
      PAYLOAD_TOO_LARGE_FAILURE,
    );
  }
  return result;
}

function throwDeps(deps: ActivityDeps, calendar: WorkerCalendar): ThrowDeps {
  if (!deps.client) throw ApplicationFailure.nonRetryable('thrown messages and signals need a Temporal client (createWorker wires one)', 'TaskConfiguration');
  return { ds: deps.ds, client: deps.client, taskQueue: Context.current().info.taskQueue, pinCalendar: (input) => calendar.pinFor(input) };
}

/**
 * Runs started before the `tthc-throw-starts` patch (no throwId): delivers a thrown BPMN signal to every other running instance; each instance's
 * interpreter ignores signals it does not subscribe to. Uses the visibility store
 * (no projection of subscriptions yet — see docs/worker.md).
 */
async function broadcastSignal(client: Client | undefined, input: BroadcastSignalInput, fromWorkflowId: string | undefined): Promise<number> {
  if (!client) throw ApplicationFailure.nonRetryable('broadcastSignal needs a Temporal client (createWorker wires one)', 'TaskConfiguration');
  let delivered = 0;
  const query = `WorkflowType = '${RUN_PROCESS_WORKFLOW}' AND ExecutionStatus = 'Running'`;
  for await (const wf of client.workflow.list({ query })) {
    if (wf.workflowId === fromWorkflowId) continue;
    try {
      await client.workflow.getHandle(wf.workflowId, wf.runId).signal(DELIVER_SIGNAL_SIGNAL, { name: input.name, variables: input.variables });
      delivered++;
    } catch (err) {
      // the instance ended meanwhile: nothing to deliver
      if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
    }
  }
  return delivered;
}
