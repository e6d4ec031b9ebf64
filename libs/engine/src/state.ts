/**
 * The interpreter state: plain JSON (it is the continueAsNew snapshot).
 * An element instance (`Inst`) exists while an element is active; scopes (process,
 * subprocess, event subprocess, multi-instance body) are element instances too and
 * hold variables. Tokens waiting at a parallel/inclusive join are counted in `joins`.
 */
import type { InstanceState, TimerDefinition } from '@tthc/contracts';

export interface BodyState {
  kind: 'mi' | 'loop';
  sequential: boolean;
  items?: unknown[];
  total: number;
  next: number;
  completed: number;
  active: number;
  terminated: number;
  outputs?: unknown[];
  /** multi-instance behavior 'one': its event was thrown */
  thrownOne?: boolean;
}

export interface Compensable {
  elementId: string;
  handlerId?: string;
  /** local variables of the activity when it completed (its handler starts with them) */
  vars: Record<string, unknown>;
  /** completed compensable activities inside a completed subprocess */
  children?: Compensable[];
}

export interface Inst {
  id: string;
  elementId: string;
  /** node type, or 'process' / 'multiInstanceBody' */
  type: string;
  parentId: string | null;
  startedAt: string;
  vars?: Record<string, unknown>;
  jobId?: string;
  taskId?: string;
  childId?: string;
  body?: BodyState;
  /** inner instance of a multi-instance / loop body: its index */
  index?: number;
  eventSub?: boolean;
  /** compensation throw event waiting for handlers */
  compensating?: number;
  /** handler instance: the instance waiting for it */
  compensationFor?: string;
  compensables?: Compensable[];
  incidentId?: string;
  /** boundary subscriptions already opened (not again on incident retry) */
  armed?: boolean;
  /** a transaction cancelled by a cancel end event, waiting for its compensation handlers */
  cancelling?: boolean;
  /** ad-hoc subprocess: activities still to start (sequential ordering); undefined once its completion condition held */
  adHocPending?: string[];
  /** ad-hoc subprocess whose completion condition held: no new activities start */
  adHocDone?: boolean;
  /** set on a scope ended by a terminate end event */
  endState?: 'TERMINATED';
}

export type SubKind = 'message' | 'timer' | 'signal' | 'conditional';
export type SubRole = 'catch' | 'boundary' | 'eventSub' | 'eventGateway';

export interface Sub {
  id: string;
  kind: SubKind;
  role: SubRole;
  /** the catching element: catch event / receive task / boundary event / event-subprocess start */
  elementId: string;
  /** element instance owning it: the waiting element, the host activity, the scope or the event-based gateway */
  ownerId: string;
  name?: string;
  correlationKey?: string;
  timerId?: string;
  timer?: TimerDefinition;
  /** cycle repetitions still to fire (-1 = unbounded) */
  remaining?: number;
  /** how many times a cycle timer has fired */
  fired?: number;
  /** conditional: FEEL condition and its value at the last check */
  condition?: string;
  last?: boolean;
}

export interface Incident {
  id: string;
  instanceId: string;
  elementId: string;
  message: string;
  /** what to do again on retry */
  op: 'activate' | 'job' | 'leave' | 'complete' | 'child' | 'throwError' | 'none';
  data?: Record<string, unknown>;
}

export interface BufferedMessage {
  name: string;
  correlationKey?: string;
  variables?: Record<string, unknown>;
}

export interface EngineState {
  format: 1;
  instanceId: string;
  rootId: string;
  status: InstanceState;
  instances: Record<string, Inst>;
  subs: Record<string, Sub>;
  /** `${scopeInstanceId}|${gatewayId}` → incoming flow id → waiting tokens */
  joins: Record<string, Record<string, number>>;
  incidents: Record<string, Incident>;
  /** jobId / taskId / childId → element instance id */
  waits: Record<string, string>;
  completedTasks: string[];
  buffered: BufferedMessage[];
  finalVariables?: Record<string, unknown>;
}
