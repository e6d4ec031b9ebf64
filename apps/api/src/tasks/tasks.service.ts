import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { WORKING_DAY_MS } from '@tthc/calendar';
import { ErrorCode, INBOX_VIEWS, STEP_REFUSED_FAILURE, type InboxCounts, type InboxView, type StepRefusal, type TaskFormView } from '@tthc/contracts';
import {
  beginTaskCompletion,
  claimTask,
  countTasks,
  finishTaskCompletion,
  findUserByUsername,
  getDefinition,
  getDossierByInstance,
  inTransaction,
  reassignTaskIn,
  recordTaskCompletion,
  getInstance,
  getProcedure,
  getTask,
  isTaskVisibleTo,
  listTasks,
  revertTaskCompletion,
  unclaimTask,
  type TaskEntity,
  type TaskQuery,
  type TaskState,
} from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../calendar/calendar.service';
import { assertInAgencyScope } from '../common/auth/agency-scope';
import { hasRole, readsEveryAgency, type AuthUser } from '../common/auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { DATA_SOURCE } from '../common/tokens';
import { TemporalGateway, UpdateRejectedError } from '../temporal/temporal.gateway';
import { checkTaskFormData, formOfTask } from '../forms/version-forms';
import { toTaskView, type TaskView } from './task-view';

export interface ListTasksCommand {
  assigned?: 'me' | 'group' | 'unassigned';
  /** soon: due within one working day (overdue included); overdue: due date passed */
  due?: 'soon' | 'overdue';
  state?: TaskState;
  dueBefore?: Date;
  processKey?: string;
  instanceId?: string;
  procedure?: string;
  code?: string;
  applicant?: string;
  /** national dossier statuses */
  status?: number[];
  /** due range of the task: dueFrom ≤ due < dueTo */
  dueFrom?: Date;
  dueTo?: Date;
  cursor?: string;
  limit: number;
}

/**
 * The engine refused a dossier step (architecture.md §3.1): the refusal's own code and its
 * Vietnamese message; 409 when the dossier's state or the officer's unit conflicts with the step,
 * 422 when something the step needs is missing or invalid. Exhaustive over StepRefusalCode.
 */
export function stepRefusal(refusal: StepRefusal | undefined, message: string): ApiError {
  if (!refusal) return new ApiError(ErrorCode.CONFLICT, message, undefined, 409);
  const details = { step: refusal.step, taskId: refusal.taskId, ...(refusal.items ? { items: refusal.items } : {}) };
  switch (refusal.code) {
    case 'DOSSIER_WRONG_UNIT':
    case 'DOSSIER_WRONG_STATUS':
    case 'DOSSIER_APOLOGY_ALREADY_ISSUED':
    case 'DOSSIER_NOT_FOUND':
      return new ApiError(refusal.code, refusal.message, details, 409);
    case 'DOSSIER_COMPONENT_MISSING':
    case 'DOSSIER_NOTHING_TO_SIGN':
    case 'DOSSIER_SIGNATURE_INVALID':
    case 'DOSSIER_SIGNER_MISMATCH':
    case 'DOSSIER_RESULT_MISSING':
    case 'DOSSIER_RESULT_UNSIGNED':
    case 'DOSSIER_NOTICE_INCOMPLETE':
    case 'DOSSIER_UNKNOWN_OFFICER':
      return new ApiError(refusal.code, refusal.message, details, 422);
    default: {
      const unknown: never = refusal.code;
      return new ApiError(ErrorCode.CONFLICT, `${message} (${String(unknown)})`, details, 409);
    }
  }
}

/** the inbox counts stop at this many per view ("999+"): each count reads at most that many rows */
export const INBOX_COUNT_CAP = 999;

const alreadyDone = () => new ApiError(ErrorCode.TASK_ALREADY_COMPLETED, 'the task is already completed');
const completing = () =>
  new ApiError(ErrorCode.TASK_COMPLETING, 'the task is being completed (a completion is in flight or is being reconciled after an interruption); try again in a few seconds');
/** the 409 for a task that is not OPEN: in flight or done */
const notOpen = (state: TaskState | undefined) => (state === 'COMPLETING' ? completing() : alreadyDone());

@Injectable()
export class TasksService {

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
  ) {}

  /** Officers (and analysts) see their agency and groups; admins and auditors see every task. */
  async list(cmd: ListTasksCommand, user: AuthUser) {
    const cal = await this.calendar.calendar();
    const now = new Date();
    const page = await listTasks(this.ds, { ...(await this.query(cmd, user, now)), cursor: cmd.cursor, limit: cmd.limit });
    return { items: page.items.map((t) => toTaskView(t, cal, now)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** How many open tasks each inbox view holds for the caller (each counted up to INBOX_COUNT_CAP). */
  async counts(cmd: Pick<ListTasksCommand, 'procedure' | 'code' | 'applicant' | 'status' | 'dueFrom' | 'dueTo'>, user: AuthUser): Promise<InboxCounts> {
    const now = new Date();
    const entries = await Promise.all(
      INBOX_VIEWS.map(async (view) => {
        const base = { ...cmd, limit: 1, ...(view === 'soon' || view === 'overdue' ? { due: view } : { assigned: view }) } as ListTasksCommand;
        return [view, await countTasks(this.ds, await this.query(base, user, now), INBOX_COUNT_CAP)] as const;
      }),
    );
    return { counts: Object.fromEntries(entries) as Record<InboxView, number>, cap: INBOX_COUNT_CAP };
  }

  private async query(cmd: ListTasksCommand, user: AuthUser, now: Date): Promise<Omit<TaskQuery, 'cursor' | 'limit'>> {
    const restricted = this.restricted(user);
    let dueBefore = cmd.dueBefore;
    if (cmd.due === 'overdue') dueBefore = now;
    if (cmd.due === 'soon') {
      // due within one working day of the calendar (office hours of the default agency), that day's end included
      const cal = await this.calendar.calendar();
      const bound = new Date(cal.addWorkingTimeMs(now.getTime(), WORKING_DAY_MS) + 1);
      dueBefore = dueBefore && dueBefore < bound ? dueBefore : bound;
    }
    return {
      // restricted viewers: the store derives groups from the viewer (and can use the inbox index)
      viewer: restricted ? { username: user.username, agency: user.agency, groups: user.groups } : undefined,
      assigned: cmd.assigned,
      me: user.username,
      groups: restricted ? undefined : user.groups,
      // the open inbox also lists tasks whose completion is in flight ("completing…"): not done yet
      states: !cmd.state || cmd.state === 'OPEN' ? ['OPEN', 'COMPLETING'] : [cmd.state],
      dueBefore,
      processKey: cmd.processKey,
      instanceId: cmd.instanceId,
      procedureCode: cmd.procedure,
      dossierCode: cmd.code,
      applicant: cmd.applicant,
      dossierStatuses: cmd.status,
      dueFrom: cmd.dueFrom,
      dueTo: cmd.dueTo,
    };
  }

  async get(id: string, user: AuthUser): Promise<TaskView> {
    const task = await this.loadVisible(id, user);
    task.dossier = await getDossierByInstance(this.ds, task.instanceId);
    if (task.dossier) task.procedure = await getProcedure(this.ds, task.dossier.procedureCode);
    return toTaskView(task, await this.calendar.calendar());
  }

  /** the task's form, pinned to the version its instance runs (same visibility as `get`) */
  async form(id: string, user: AuthUser): Promise<TaskFormView> {
    const task = await this.loadVisible(id, user);
    return formOfTask(this.ds, await getDefinition(this.ds, task.processKey, task.version), task.formKey);
  }

  async claim(id: string, user: AuthUser): Promise<TaskView> {
    const task = await this.loadWorkable(id, user);
    if (task.state !== 'OPEN') throw notOpen(task.state);
    // claiming a task you already hold changes nothing: no update, no audit entry
    if (task.assignee === user.username) return toTaskView(task);
    const outcome = await claimTask(this.ds, id, user.username);
    if (outcome === 'conflict') {
      const now = await getTask(this.ds, id);
      if (now && now.state !== 'OPEN') throw notOpen(now.state);
      throw new ApiError(ErrorCode.CONFLICT, `the task is claimed by ${now?.assignee ?? 'someone else'}`);
    }
    await this.audit.record({ actor: user.username, action: 'task.claim', entity: 'task', entityId: id, details: { instanceId: task.instanceId } });
    return toTaskView((await getTask(this.ds, id))!);
  }

  async unclaim(id: string, user: AuthUser): Promise<TaskView> {
    const task = await this.loadWorkable(id, user);
    if (task.state !== 'OPEN') throw notOpen(task.state);
    if (!task.assignee) throw new ApiError(ErrorCode.TASK_NOT_CLAIMED, 'the task is not claimed');
    // an admin may release anyone's claim; others only their own
    const outcome = await unclaimTask(this.ds, id, hasRole(user, 'admin') ? undefined : user.username);
    if (outcome === 'conflict') throw ApiError.forbidden(`the task is claimed by ${task.assignee}`);
    await this.audit.record({ actor: user.username, action: 'task.unclaim', entity: 'task', entityId: id, details: { instanceId: task.instanceId } });
    return toTaskView((await getTask(this.ds, id))!);
  }

  /**
   * Reassignment within a unit (issue 11): a unit lead (role `unit-lead`) gives an open task
   * offered to one of the units they lead to an active officer of that unit in the task's
   * agency. The change and its `task.reassign` audit entry commit together.
   */
  async reassign(id: string, to: string, user: AuthUser): Promise<TaskView> {
    const task = await this.loadVisible(id, user);
    if (!hasRole(user, 'unit-lead')) throw new ApiError(ErrorCode.NOT_UNIT_LEAD, 'only a unit lead (role unit-lead) reassigns tasks');
    const units = task.candidateGroups.filter((g) => user.units.includes(g));
    if (units.length === 0) {
      throw new ApiError(ErrorCode.NOT_UNIT_LEAD, `you lead none of the units this task is offered to (${task.candidateGroups.join(', ') || 'none'})`, { candidateGroups: task.candidateGroups });
    }
    if (task.state !== 'OPEN') throw notOpen(task.state);
    const agency = task.agency ?? user.agency;
    const target = await findUserByUsername(this.ds, to);
    if (!target || !target.active || !target.roles.includes('officer')) {
      throw new ApiError(ErrorCode.REASSIGN_OUTSIDE_UNIT, `${to} is not an active officer`, { to });
    }
    if (target.agency !== agency) {
      throw new ApiError(ErrorCode.REASSIGN_OUTSIDE_UNIT, `${to} belongs to another agency (${target.agency ?? 'none'}): a task is reassigned only inside its agency (${agency ?? 'none'})`, { to, agency: target.agency });
    }
    const unit = units.find((u) => target.units.includes(u));
    if (!unit) {
      throw new ApiError(ErrorCode.REASSIGN_OUTSIDE_UNIT, `${to} is not a member of ${units.join(', ')}: a task is reassigned only inside its unit`, { to, units });
    }
    if (task.assignee === to) return toTaskView(task);
    await inTransaction(this.ds, async (m) => {
      if ((await reassignTaskIn(m, id, to)) !== 'ok') throw notOpen((await getTask(this.ds, id))?.state);
      await this.audit.recordIn(m, {
        actor: user.username,
        action: 'task.reassign',
        entity: 'task',
        entityId: id,
        details: { instanceId: task.instanceId, from: task.assignee, to, unit, agency },
      });
    });
    return toTaskView((await getTask(this.ds, id))!);
  }

  /**
   * Completion: permission → conditional OPEN→COMPLETING (exactly one concurrent caller
   * wins) → the workflow's completeTask update (validates, idempotent) → COMPLETED; if
   * the workflow refuses, the task goes back to OPEN and the caller gets 422.
   */
  async complete(id: string, variables: Record<string, unknown> | undefined, user: AuthUser): Promise<TaskView> {
    const task = await this.loadWorkable(id, user);
    if (task.assignee && task.assignee !== user.username && !hasRole(user, 'admin')) {
      throw ApiError.forbidden(`the task is claimed by ${task.assignee}`);
    }
    if (task.state !== 'OPEN') throw notOpen(task.state);
    // submitted form data must satisfy the task's form (pinned to its version) before the engine sees it
    if (task.formKey && variables && Object.keys(variables).length > 0) await checkTaskFormData(this.ds, await getDefinition(this.ds, task.processKey, task.version), task.formKey, { ...task.variables, ...variables });
    if ((await beginTaskCompletion(this.ds, id)) !== 'ok') throw notOpen((await getTask(this.ds, id))?.state);

    const instance = await getInstance(this.ds, task.instanceId);
    const workflowId = instance?.workflowId ?? `pi/${task.instanceId}`;
    let completed: boolean;
    try {
      ({ completed } = await this.temporal.completeTask(workflowId, { taskId: id, variables, by: user.username }));
    } catch (err) {
      await revertTaskCompletion(this.ds, id);
      if (err instanceof UpdateRejectedError) throw this.rejection(err);
      if (err instanceof WorkflowNotFoundError) throw new ApiError(ErrorCode.CONFLICT, 'the process instance is not running');
      throw err;
    }
    if (!completed) {
      await finishTaskCompletion(this.ds, id, user.username, undefined);
      throw alreadyDone();
    }
    // the worker's closeUserTask usually closed the row already; record what was submitted either way
    await recordTaskCompletion(this.ds, id, user.username, variables ? { ...task.variables, ...variables } : undefined);
    // the task.complete audit entries are written by the worker's closeUserTask activity, in the
    // transaction that closes the row (exactly once, even if this process dies right now)
    return toTaskView((await getTask(this.ds, id))!);
  }

  /** the workflow's CompletionCheck codes (libs/engine) → HTTP */
  private rejection(err: UpdateRejectedError): ApiError {
    switch (err.type) {
      case 'ALREADY_COMPLETED':
      case ErrorCode.TASK_ALREADY_COMPLETED:
        return alreadyDone();
      case 'UNKNOWN_TASK':
        return new ApiError(ErrorCode.CONFLICT, `the process instance is not waiting for this task: ${err.message}`);
      case STEP_REFUSED_FAILURE:
        return stepRefusal(err.details as StepRefusal | undefined, err.message);
      default:
        return new ApiError(ErrorCode.VALIDATION_FAILED, err.message, err.details, 422);
    }
  }

  /** admins and province auditors see every task; an agency's auditor is restricted like an officer (never sees another agency's) */
  private restricted(user: AuthUser): boolean {
    return !readsEveryAgency(user);
  }

  private async loadVisible(id: string, user: AuthUser): Promise<TaskEntity> {
    const task = await getTask(this.ds, id);
    if (!task) throw ApiError.notFound(`task ${id}`);
    // another agency's task is not found (like an unknown id); in the agency, a non-candidate is refused
    assertInAgencyScope(user, task.agency, `task ${id}`);
    if (this.restricted(user) && !(await isTaskVisibleTo(this.ds, task, { username: user.username, agency: user.agency, groups: user.groups }))) {
      throw ApiError.forbidden('you are not a candidate for this task');
    }
    return task;
  }

  /** visible, and the caller is someone who works tasks (officer or admin) */
  private async loadWorkable(id: string, user: AuthUser): Promise<TaskEntity> {
    const task = await this.loadVisible(id, user);
    if (!hasRole(user, 'officer', 'admin')) throw ApiError.forbidden('only officers work tasks');
    return task;
  }
}
