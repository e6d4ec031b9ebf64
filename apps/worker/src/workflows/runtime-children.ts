/**
 * The call-activity part of the process runtime (process-runtime.ts): child processes started as
 * child workflows, their results and escalations dispatched back to the parent's engine, and their
 * cancellation. Deterministic workflow code.
 */
import { CancellationScope, ChildWorkflowCancellationType, isCancellation, startChild, uuid4 } from '@temporalio/workflow';
import { RUN_PROCESS_WORKFLOW, type RunProcessInput, type RunProcessResult } from '@tthc/contracts';
import type { CalendarSnapshot } from '@tthc/calendar/src/calendar-snapshot';
import type { EngineCommand, EngineEvent } from '@tthc/engine';
import { local } from './activity-proxies';
import type { LocalChain } from './local-chain';
import { errorMessage } from './runtime-timers';

/** what the children part needs from the runtime */
export interface ChildrenHost {
  readonly input: RunProcessInput;
  readonly localChain: LocalChain;
  agency(): string | undefined;
  pinnedCalendar(): CalendarSnapshot | undefined;
  dispatch(event: EngineEvent): unknown;
}

export class RuntimeChildren {
  private readonly running = new Map<string, CancellationScope>();

  constructor(private readonly host: ChildrenHost) {}

  get size(): number {
    return this.running.size;
  }

  ids(): string[] {
    return [...this.running.keys()];
  }

  start(c: Extract<EngineCommand, { kind: 'startChild' }>): void {
    const { host } = this;
    const scope = new CancellationScope();
    this.running.set(c.childId, scope);
    scope
      .run(async () => {
        const definition = await host.localChain.run(() => local.loadDefinition({ processKey: c.processKey, version: c.version }));
        const instanceId = uuid4();
        const childAgency = definition.graph.tthc?.agency ?? host.agency();
        const pinned = host.pinnedCalendar();
        const child = await startChild(RUN_PROCESS_WORKFLOW, {
          workflowId: `pi/${instanceId}`,
          cancellationType: ChildWorkflowCancellationType.TRY_CANCEL,
          args: [
            {
              definitionId: definition.definitionId,
              definitionHash: definition.hash,
              processKey: c.processKey,
              version: definition.version,
              instanceId,
              businessKey: c.businessKey ?? host.input.businessKey,
              variables: c.variables,
              graph: definition.graph,
              parentInstanceId: host.input.instanceId,
              parentChildId: c.childId,
              agency: childAgency,
              historyLimit: host.input.historyLimit,
              // a child of the same agency computes working time from the parent's pinned calendar
              ...(pinned && childAgency === host.agency() ? { calendar: pinned } : {}),
            } satisfies RunProcessInput,
          ],
        });
        return (await child.result()) as RunProcessResult;
      })
      .then(
        (result) => {
          if (!this.running.delete(c.childId)) return;
          // a terminate end event ends the called process normally (BPMN/Camunda); canceled/failed → incident
          if (result.state === 'COMPLETED' || result.state === 'TERMINATED') host.dispatch({ kind: 'childCompleted', childId: c.childId, variables: result.variables });
          else host.dispatch({ kind: 'childFailed', childId: c.childId, message: `called process ${c.processKey} ended ${result.state}` });
        },
        (err: unknown) => {
          if (!this.running.delete(c.childId) || isCancellation(err)) return;
          host.dispatch({ kind: 'childFailed', childId: c.childId, message: errorMessage(err) });
        },
      );
  }

  cancel(childId: string): void {
    this.running.get(childId)?.cancel();
    this.running.delete(childId);
  }

  /** the parent side of CHILD_ESCALATED_SIGNAL */
  escalated(childId: string, escalationCode?: string): void {
    if (this.running.has(childId)) this.host.dispatch({ kind: 'childEscalated', childId, escalationCode });
  }
}
