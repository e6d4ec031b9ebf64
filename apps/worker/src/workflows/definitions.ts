/**
 * Typed Temporal definitions of the runProcess messages. The names come from
 * @tthc/contracts (one definition each); clients may use either these objects or the
 * plain names.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  CALENDAR_CHANGED_SIGNAL,
  type CalendarChangedArgs,
  CANCEL_SIGNAL,
  CHILD_ESCALATED_SIGNAL,
  type ChildEscalatedArgs,
  COMPLETE_TASK_UPDATE,
  DELIVER_MESSAGE_SIGNAL,
  DELIVER_SIGNAL_SIGNAL,
  GET_STATE_QUERY,
  GET_TIMERS_QUERY,
  GET_TASK_STATUS_QUERY,
  type TaskStatusInWorkflow,
  type PendingTimerView,
  RETRY_INCIDENT_UPDATE,
  type CompleteTaskArgs,
  type CompleteTaskResult,
  type DeliverMessageArgs,
  type DeliverSignalArgs,
  type ProcessStateView,
  type RetryIncidentArgs,
  type RetryIncidentResult,
  MIGRATE_INSTANCE_UPDATE,
  type MigrateInstanceArgs,
  type MigrateInstanceResult,
  MODIFY_INSTANCE_UPDATE,
  type ModifyInstanceArgs,
  type ModifyInstanceResult,
} from '@tthc/contracts';

export const completeTaskUpdate = defineUpdate<CompleteTaskResult, [CompleteTaskArgs]>(COMPLETE_TASK_UPDATE);
export const retryIncidentUpdate = defineUpdate<RetryIncidentResult, [RetryIncidentArgs]>(RETRY_INCIDENT_UPDATE);
export const deliverMessageSignal = defineSignal<[DeliverMessageArgs]>(DELIVER_MESSAGE_SIGNAL);
export const deliverSignalSignal = defineSignal<[DeliverSignalArgs]>(DELIVER_SIGNAL_SIGNAL);
export const cancelSignal = defineSignal<[]>(CANCEL_SIGNAL);
export const childEscalatedSignal = defineSignal<[ChildEscalatedArgs]>(CHILD_ESCALATED_SIGNAL);
export const getStateQuery = defineQuery<ProcessStateView>(GET_STATE_QUERY);
export const calendarChangedSignal = defineSignal<[CalendarChangedArgs]>(CALENDAR_CHANGED_SIGNAL);
export const getTimersQuery = defineQuery<PendingTimerView[]>(GET_TIMERS_QUERY);
export const getTaskStatusQuery = defineQuery<TaskStatusInWorkflow, [string]>(GET_TASK_STATUS_QUERY);
export const migrateInstanceUpdate = defineUpdate<MigrateInstanceResult, [MigrateInstanceArgs]>(MIGRATE_INSTANCE_UPDATE);
export const modifyInstanceUpdate = defineUpdate<ModifyInstanceResult, [ModifyInstanceArgs]>(MODIFY_INSTANCE_UPDATE);
