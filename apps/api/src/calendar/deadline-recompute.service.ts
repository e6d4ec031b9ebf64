import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CalendarError, calendarSnapshot, computeDueWith } from '@tthc/calendar';
import { CALENDAR_CHANGED_SIGNAL, type CalendarChangedArgs } from '@tthc/contracts';
import {
  applyTaskDueChanges, appendAudit, calendarVersion, listOpenTaskDeadlines, listRunningInstancesWithGraphs, loadGraphsByKeyVersion, type DueChange,
} from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { CalendarService } from './calendar.service';
import { hasWorkingTimer, taskDueDuration } from './graph-deadlines.util';

export interface MovedDeadline {
  taskId: string;
  instanceId: string;
  oldDue: string;
  newDue: string;
}

export interface RecomputeResult {
  applied: boolean;
  /** open task deadlines that differ from what the current calendar gives */
  moved: MovedDeadline[];
  unchanged: number;
  skipped: Array<{ taskId: string; reason: string }>;
  /** running instances told to recompute their working-time timers (moved tasks, processes with working-time timers) */
  instances: string[];
  /** apply only: rows actually rewritten, signals delivered, signals that failed */
  updated?: number;
  notified?: number;
  failed?: Array<{ instanceId: string; error: string }>;
}

/**
 * "An admin action recomputes the open deadlines of running dossiers, showing what moves" (issue #4).
 * Each open task's due date is computed again under the current database calendar — from the task's
 * creation instant and the `tthc:due` of its element, as the worker did — and compared with the
 * inbox row. `apply` rewrites the rows that moved (audited) and signals `calendarChanged` to every
 * running instance that may hold a working-time timer, with the changed calendar for its agency: a run
 * that computes working time itself re-pins it, an older one asks its computeDue activity; either
 * re-arms the timers that moved (deterministic replay; see docs/calendar.md).
 */
@Injectable()
export class DeadlineRecomputeService {
  private readonly log = new Logger('calendar');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    // optional: the calendar endpoints also run without the engine (previews; apply then reports every instance as failed)
    @Optional() private readonly temporal?: TemporalGateway,
  ) {}

  async recompute(apply: boolean, actor: string): Promise<RecomputeResult> {
    const version = await calendarVersion(this.ds);
    const cal = await this.calendar.fresh();
    const open = await listOpenTaskDeadlines(this.ds);
    const graphs = await loadGraphsByKeyVersion(this.ds, open);
    const moved: Array<DueChange & { instanceId: string }> = [];
    const skipped: RecomputeResult['skipped'] = [];
    let unchanged = 0;
    for (const t of open) {
      const spec = taskDueDuration(graphs.get(`${t.processKey}@${t.version}`), t.elementId);
      if ('skip' in spec) {
        skipped.push({ taskId: t.taskId, reason: spec.skip });
        continue;
      }
      let due: Date;
      try {
        due = new Date(computeDueWith(cal, { from: t.createdAt.toISOString(), duration: spec.duration, calendar: 'working', agency: t.agency }));
      } catch (err) {
        if (!(err instanceof CalendarError)) throw err;
        skipped.push({ taskId: t.taskId, reason: `${err.code}: ${err.message}` });
        continue;
      }
      if (due.getTime() === t.dueAt.getTime()) unchanged++;
      else moved.push({ taskId: t.taskId, instanceId: t.instanceId, oldDue: t.dueAt, newDue: due });
    }
    const running = await listRunningInstancesWithGraphs(this.ds);
    const movedInstances = new Set(moved.map((m) => m.instanceId));
    const targets = running.filter((i) => movedInstances.has(i.instanceId) || hasWorkingTimer(i.graph));
    const view = (m: DueChange & { instanceId: string }): MovedDeadline => ({
      taskId: m.taskId,
      instanceId: m.instanceId,
      oldDue: m.oldDue.toISOString(),
      newDue: m.newDue.toISOString(),
    });
    const result: RecomputeResult = { applied: apply, moved: moved.map(view), unchanged, skipped, instances: targets.map((i) => i.instanceId) };
    if (!apply) return result;

    const updated = await applyTaskDueChanges(this.ds, moved, actor);
    const failed: NonNullable<RecomputeResult['failed']> = [];
    let notified = 0;
    for (const target of targets) {
      try {
        if (!this.temporal) throw new Error('no workflow engine configured');
        // the changed calendar for the instance's agency: a run that computes working time itself re-pins it
        const calendar = calendarSnapshot(cal, version, target.agency ?? target.graph.tthc?.agency);
        await this.temporal.signal(target.workflowId, CALENDAR_CHANGED_SIGNAL, { by: actor, calendarVersion: version, calendar } satisfies CalendarChangedArgs);
        notified++;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) continue; // ended meanwhile: nothing pending
        failed.push({ instanceId: target.instanceId, error: (err as Error).message });
      }
    }
    if (failed.length) {
      this.log.warn(`calendarChanged not delivered to ${failed.length} instance(s)`);
      await appendAudit(this.ds, { actor, action: 'calendar.deadlines.notify-failed', entity: 'calendar', entityId: 'deadlines', details: { failed } });
    }
    return { ...result, updated: updated.length, notified, failed };
  }
}
