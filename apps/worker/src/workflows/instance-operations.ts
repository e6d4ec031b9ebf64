/**
 * Operator operations on a running instance (Camunda Operate's): migration to another version and
 * token modification, as Temporal updates of runProcess. Deterministic workflow code.
 *
 * Migration: the validator translates the current state with the pure `migrateState` (libs/engine)
 * and refuses with the problems (MIGRATION_REFUSED, details[0] = MigrationProblem[]). The handler
 * waits for a safe point — nothing in flight that a continue-as-new would lose (`quiescent()`: no
 * job, child, pending inbox write, unflushed progress) — translates again and records the request;
 * the main loop then continues as new with the new version's pinned graph and the translated
 * state. The workflow id (`pi/<id>` or `dossier/<id>`), instance id, dossier id, element instance
 * ids, task ids, timer instants and variables stay; the new run writes its progress at once, so
 * the projection shows the new version's active elements.
 *
 * Between the update's answer and the continue-as-new (MIGRATION_HOLDS_EVENTS_PATCH) no event reaches
 * the old version: messages, signals, timers and the cancel signal are held and carried to the new
 * run, which receives them first; task completions, incident retries, modifications and a second
 * migration are refused with MIGRATION_PENDING (the API answers 409, retry in a moment).
 */
import { ApplicationFailure, condition, log, setHandler } from '@temporalio/workflow';
import { MIGRATION_PENDING, MIGRATION_REFUSED, MODIFICATION_REFUSED, type MigrateInstanceArgs, type MigrationProblem, type RunProcessInput } from '@tthc/contracts';
import { migrateState, type EngineState } from '@tthc/engine';
import { migrateInstanceUpdate, modifyInstanceUpdate } from './definitions';
import type { ProcessRuntime } from './process-runtime';
import type { ResumeState } from './resume-state';
import { DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH, INSTANCE_MIGRATION_PATCH, INSTANCE_MODIFICATION_PATCH, MIGRATION_HOLDS_EVENTS_PATCH } from './runtime-patches';

/** marks the resume state of a migrated run: its first activation writes progress */
interface MigratedResume extends ResumeState {
  migratedFrom?: { version: number; definitionId: string };
}

export class InstanceOperations {
  /** a migration the main loop carries out with continue-as-new at the next safe point */
  private pending?: MigrateInstanceArgs;

  constructor(private readonly runtime: ProcessRuntime) {
    const resume = runtime.input.resumeState as MigratedResume | undefined;
    // a migrated run: make its first progress flush show the new version's elements
    if (resume?.migratedFrom) runtime.progress.seq = runtime.progress.flushedSeq + 1;
  }

  /** a migrated run: the events its previous run held while the migration was pending, in their order */
  receiveHeld(): void {
    const resume = this.runtime.input.resumeState as MigratedResume | undefined;
    for (const event of resume?.heldEvents ?? []) this.runtime.deliver(event);
  }

  register(): void {
    const runtime = this.runtime;
    setHandler(
      migrateInstanceUpdate,
      async (args) => {
        // the safe point: nothing in flight that the next run would lose
        await condition(() => runtime.ended !== undefined || runtime.held !== undefined || (runtime.quiescent(true) && !this.pending));
        // accepted while another migration waited for its safe point: that one goes first
        refuseWhileMigrating(runtime);
        const outcome = this.plan(args);
        if (!outcome.ok) throw refusal(MIGRATION_REFUSED, outcome.problems);
        // asked through the run's patches (a patch set the run took stands for these: no marker of their own)
        runtime.patches.has(INSTANCE_MIGRATION_PATCH);
        // a dossier not received yet: its receipt limit goes on in the new run (dossier-steps.ts)
        if (runtime.dossier?.beforeReceipt()) runtime.patches.has(DOSSIER_MIGRATION_BEFORE_RECEIPT_PATCH);
        // from the answer to the continue-as-new, events from outside wait for the new run
        if (runtime.patches.has(MIGRATION_HOLDS_EVENTS_PATCH)) runtime.held = [];
        this.pending = args;
        return { fromVersion: runtime.input.version, toVersion: args.version, applied: outcome.applied };
      },
      {
        validator: (args) => {
          refuseWhileMigrating(runtime);
          const outcome = this.plan(args);
          if (!outcome.ok) throw refusal(MIGRATION_REFUSED, outcome.problems);
        },
      },
    );

    setHandler(
      modifyInstanceUpdate,
      async ({ instructions }) => {
        runtime.patches.has(INSTANCE_MODIFICATION_PATCH);
        // the run does not end in the task that accepts this modification (its progress write is a local activity)
        runtime.operatorUpdateAccepted();
        const { seq } = runtime.dispatch({ kind: 'modify', instructions });
        await runtime.progress.awaitProgress(seq);
        return { activeElements: runtime.view().activeElements };
      },
      {
        validator: ({ instructions, reason }) => {
          refuseWhileMigrating(runtime);
          if (typeof reason !== 'string' || !reason.trim()) throw refusal(MODIFICATION_REFUSED, [{ index: 0, elementId: '', message: 'a reason is required' }]);
          if (runtime.ended) throw refusal(MODIFICATION_REFUSED, [{ index: 0, elementId: '', message: `the instance has ended (${runtime.ended.state})` }]);
          const problems = runtime.engine.checkModification(instructions);
          if (problems.length) throw refusal(MODIFICATION_REFUSED, problems);
        },
      },
    );
  }

  /** a migration is requested and the run can continue as new now */
  migrationDue(allHandlersFinished: boolean): boolean {
    return !!this.pending && !this.runtime.ended && this.runtime.quiescent(true) && allHandlersFinished;
  }

  /** the next run's input: the new pinned graph and the translated state (undefined: it no longer translates) */
  migratedInput(): RunProcessInput | undefined {
    const args = this.pending!;
    this.pending = undefined;
    const runtime = this.runtime;
    const held = runtime.held;
    runtime.held = undefined;
    const outcome = this.plan(args);
    if (!outcome.ok) {
      // runs before MIGRATION_HOLDS_EVENTS_PATCH: an event between the update and this point moved a token to an
      // unmapped element (a run after it holds those events; should the plan fail anyway, they reach this run)
      log.error('migration dropped: the state no longer translates', { instanceId: runtime.input.instanceId, problems: outcome.problems });
      for (const event of held ?? []) runtime.deliver(event);
      return undefined;
    }
    const resume = runtime.resumeState();
    const elementOf = (taskId: string) => {
      const inst = outcome.state.waits[taskId];
      return inst ? outcome.state.instances[inst]?.elementId : undefined;
    };
    const migrated: MigratedResume = {
      ...resume,
      engine: outcome.state,
      openTasks: resume.openTasks.map((t) => ({ taskId: t.taskId, elementId: elementOf(t.taskId) ?? outcome.applied[t.elementId] ?? t.elementId })),
      ...(resume.workingTimers
        ? { workingTimers: Object.fromEntries(Object.entries(resume.workingTimers).map(([id, spec]) => [id, { ...spec, elementId: outcome.applied[spec.elementId] ?? spec.elementId }])) }
        : {}),
      migratedFrom: { version: runtime.input.version, definitionId: runtime.input.definitionId },
      ...(held?.length ? { heldEvents: held } : {}),
    };
    // the calendar the run counts working time from now (a calendar change may have re-pinned or dropped it)
    const { calendar: _pinnedAtStart, ...input } = runtime.input;
    const calendar = runtime.pinnedCalendar();
    return {
      ...input,
      ...(calendar ? { calendar } : {}),
      definitionId: args.definitionId,
      definitionHash: args.definitionHash,
      version: args.version,
      graph: args.graph,
      variables: {},
      resumeState: migrated,
    };
  }

  private plan(args: MigrateInstanceArgs): ReturnType<typeof migrateState> {
    const runtime = this.runtime;
    const fail = (message: string): ReturnType<typeof migrateState> => ({ ok: false, problems: [{ elementId: runtime.input.processKey, reason: 'unmapped', message }] });
    if (runtime.ended) return fail(`the instance has ended (${runtime.ended.state})`);
    if (args.processKey !== runtime.input.processKey) return fail(`the target is process ${args.processKey}, the instance runs ${runtime.input.processKey}`);
    if (args.definitionId === runtime.input.definitionId) return fail(`the instance already runs version ${args.version}`);
    if (runtime.adapterIncidents.size) return fail('the instance has an incident of the runtime (a start or an event that could not be processed): retry or cancel it first');
    // a dossier whose step guard is at work, or whose receipt limit is being computed or flagged: not a safe point
    // soon (a receipt limit waiting for its instant goes on in the new run)
    if (runtime.dossier && !runtime.dossier.migratable()) return fail('one of the dossier\'s steps is being processed, or its receipt limit is being computed or flagged: retry in a moment');
    return migrateState(runtime.engine.snapshot() as EngineState, runtime.input.graph, args.graph, args.mapping ?? {});
  }
}

/** while a migration waits for its continue-as-new, updates that would change the old version are refused (retry in a moment) */
export function refuseWhileMigrating(runtime: ProcessRuntime): void {
  if (runtime.held) {
    throw ApplicationFailure.create({ type: MIGRATION_PENDING, message: 'the instance is being migrated to another version: retry in a moment', nonRetryable: true });
  }
}

function refusal(type: string, problems: unknown[]): ApplicationFailure {
  const first = problems as Array<MigrationProblem | { message: string }>;
  return ApplicationFailure.create({ type, message: first.map((p) => p.message).join('; '), details: [problems], nonRetryable: true });
}
