/**
 * The executable graph: what `libs/bpmn` compiles a BPMN process into and what
 * `libs/engine` runs. It is plain JSON (no class instances), because it travels in
 * the Temporal workflow input and is pinned there by `definitionId` + `hash`, so a
 * recorded history replays without a database.
 *
 * The compiler owns the exact shape of each node kind; fields listed here are the
 * ones every part of the system relies on.
 */
export interface ExecutableGraph {
  /** format version of this JSON, bumped on incompatible changes */
  format: 1;
  processKey: string;
  name?: string;
  /** process-level tthc attributes */
  tthc?: { procedureCode?: string; statutoryDays?: number; agency?: string; /** daily receipt cut-off 'HH:MM' (tthc:cutoff) */ cutoff?: string };
  /** root scope of the process */
  root: ScopeNode;
  /** message / signal / error / escalation definitions by id */
  messages?: Record<string, { name: string; correlationKey?: string }>;
  signals?: Record<string, { name: string }>;
  errors?: Record<string, { name?: string; errorCode?: string }>;
  escalations?: Record<string, { name?: string; escalationCode?: string }>;
  /** form-js forms deployed with this version: form key → sha-256 of the schema (stored in `form_schemas`) */
  forms?: Record<string, string>;
}

export interface ScopeNode {
  /** element ids of the nodes directly in this scope */
  nodes: Record<string, GraphNode>;
  flows: Record<string, SequenceFlow>;
  /** start events of the scope (excluding event-subprocess starts) */
  startEvents: string[];
  /** ids of the event subprocesses (nodes with `triggeredByEvent`) directly in this scope */
  eventSubprocesses?: string[];
  /**
   * only when the scope has no start event: the nodes without incoming flows, all
   * started when the scope starts (BPMN's implicit start)
   */
  implicitStarts?: string[];
}

/** FEEL input/output mapping (`source` without the leading '='); `target` may be dotted (`a.b`) */
export interface IoMapping {
  source: string;
  target: string;
}

export interface TimerDefinition {
  type: 'date' | 'duration' | 'cycle';
  /** ISO 8601 text, or a FEEL expression when it starts with '=' (evaluated when armed) */
  value: string;
}

/** what triggers / is thrown by an event (the graph never holds more than one per event) */
export type EventDefinition =
  | { kind: 'message'; messageRef?: string; name: string; correlationKey?: string }
  | { kind: 'timer'; timer: TimerDefinition; calendar: 'working' | 'absolute' }
  | { kind: 'signal'; signalRef?: string; name: string }
  /** errorCode undefined on a catch event = catch all */
  | { kind: 'error'; errorRef?: string; errorCode?: string; errorCodeVariable?: string; errorMessageVariable?: string }
  | { kind: 'escalation'; escalationRef?: string; escalationCode?: string; escalationCodeVariable?: string }
  | { kind: 'terminate' }
  | { kind: 'link'; name: string }
  | { kind: 'compensate'; activityRef?: string; waitForCompletion: boolean }
  /** FEEL condition, checked whenever the instance settles after a change (edge-triggered) */
  | { kind: 'conditional'; condition: string }
  /** cancel end event (inside a transaction) / cancel boundary event (on a transaction) */
  | { kind: 'cancel' };

export interface MultiInstanceSpec {
  sequential: boolean;
  /** FEEL expression producing a list (zeebe:loopCharacteristics inputCollection) */
  inputCollection?: string;
  inputElement?: string;
  outputCollection?: string;
  /** FEEL expression evaluated in each inner instance when it completes */
  outputElement?: string;
  /** FEEL expression producing a number (BPMN loopCardinality) */
  loopCardinality?: string;
  completionCondition?: string;
  /**
   * BPMN `behavior` (default 'all': no event). 'none': `behaviorEvent` is thrown each time an inner
   * instance completes; 'one': when the first one completes; 'complex': each `complexBehavior` event
   * whose condition is true after an inner instance completed. Signal or escalation events, caught by
   * the boundary events of the activity.
   */
  behavior?: 'none' | 'one' | 'all' | 'complex';
  behaviorEvent?: EventDefinition;
  complexBehavior?: Array<{ condition: string; event: EventDefinition }>;
}

export interface AdHocSpec {
  ordering: 'parallel' | 'sequential';
  /** FEEL, checked after each inner activity completes: true ends the subprocess */
  completionCondition?: string;
  /** when the completion condition holds: terminate the running activities (default true) or let them finish */
  cancelRemainingInstances: boolean;
}

export interface StandardLoopSpec {
  /** FEEL "while" condition */
  condition?: string;
  testBefore: boolean;
  maximum?: number;
}

export interface SequenceFlow {
  id: string;
  source: string;
  target: string;
  /** FEEL condition, without the leading '=' */
  condition?: string;
  name?: string;
}

export type TthcStep =
  | 'receive' | 'digitise' | 'review' | 'approve' | 'sign' | 'return' | 'supplement'
  | 'refuse' | 'apology' | 'notify' | 'pay' | 'certify' | 'custom';

export interface GraphNode {
  id: string;
  /** BPMN type without prefix, e.g. 'userTask', 'exclusiveGateway', 'boundaryEvent' */
  type: string;
  name?: string;
  incoming: string[];
  outgoing: string[];
  /** default flow id for exclusive/inclusive gateways and activities */
  default?: string;
  step?: TthcStep;
  /** events: the (single) event definition; absent = none event */
  eventDefinition?: EventDefinition;
  /** boundary events: the activity they are attached to, and whether they interrupt it */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** activities: ids of the boundary events attached to them */
  boundaryEvents?: string[];
  /** job-based tasks (service, send, business rule, script with a task definition, message throw) */
  taskType?: string;
  retries?: number;
  headers?: Record<string, string>;
  /**
   * `tthc:execution` of a job task: `local` = a Temporal local activity in the worker that runs the
   * workflow (short, in-process work), `activity` = a durable activity (long or external work, server-side
   * retries). Absent: the worker's service-task registry decides by task type (docs/worker.md).
   */
  execution?: 'local' | 'activity';
  /** user tasks; assignee / candidateGroups may be FEEL when they start with '=' */
  assignee?: string;
  candidateGroups?: string[];
  /** ISO duration (working time, tthc:due) or ISO date / FEEL (zeebe:taskSchedule dueDate) */
  due?: string;
  dueCalendar?: 'working' | 'absolute';
  formKey?: string;
  /** script tasks evaluated in the engine */
  script?: { expression: string; resultVariable?: string };
  inputs?: IoMapping[];
  outputs?: IoMapping[];
  /** call activities */
  calledElement?: { processKey: string; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean; businessKey?: string };
  /** activities, BPMN `startQuantity` when not 1: tokens needed to start one instance */
  startQuantity?: number;
  /** activities, BPMN `completionQuantity` when not 1: tokens put on each outgoing flow taken */
  completionQuantity?: number;
  multiInstance?: MultiInstanceSpec;
  loop?: StandardLoopSpec;
  /** embedded / event subprocesses */
  scope?: ScopeNode;
  triggeredByEvent?: boolean;
  /** a transaction subprocess (type stays 'subProcess'): a cancel end event inside cancels it, compensates, leaves by its cancel boundary event */
  transaction?: boolean;
  /** an ad-hoc subprocess (type stays 'subProcess'): its activities without incoming flows run, in parallel or one at a time */
  adHoc?: AdHocSpec;
  /** start events of event subprocesses: interrupting (default true) */
  isInterrupting?: boolean;
  /** link throw events: the id of the catching link event in the same scope */
  linkTarget?: string;
  /** compensation: the handler activity of an activity, and the marker on the handler */
  compensationHandler?: string;
  isForCompensation?: boolean;
  /** anything kind-specific: task type, assignee, timer definition, child scope, … */
  [key: string]: unknown;
}

/** every node of a scope, those in its subprocesses and event subprocesses included */
export function* graphNodes(scope: ScopeNode): Generator<GraphNode> {
  for (const node of Object.values(scope.nodes)) {
    yield node;
    if (node.scope) yield* graphNodes(node.scope);
  }
}

/** whether the process counts working time: a timer in working time, or a due date (tthc:due counts working time unless absolute) */
export function countsWorkingTime(graph: ExecutableGraph): boolean {
  for (const node of graphNodes(graph.root)) {
    if (node.eventDefinition?.kind === 'timer' && node.eventDefinition.calendar === 'working') return true;
    if (node.due && (node.dueCalendar ?? 'working') === 'working') return true;
  }
  return false;
}

/** whether a new run's input carries the pinned working calendar (RunProcessInput.calendar): its process counts working time, or it runs a dossier (receipt limit) */
export function pinsCalendar(input: { graph: ExecutableGraph; dossierId?: string }): boolean {
  return !!input.dossierId || countsWorkingTime(input.graph);
}
