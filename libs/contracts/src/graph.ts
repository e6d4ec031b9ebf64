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
  tthc?: { procedureCode?: string; statutoryDays?: number; agency?: string };
  /** root scope of the process */
  root: ScopeNode;
  /** message / signal / error / escalation definitions by id */
  messages?: Record<string, { name: string; correlationKey?: string }>;
  signals?: Record<string, { name: string }>;
  errors?: Record<string, { name?: string; errorCode?: string }>;
  escalations?: Record<string, { name?: string; escalationCode?: string }>;
}

export interface ScopeNode {
  /** element ids of the nodes directly in this scope */
  nodes: Record<string, GraphNode>;
  flows: Record<string, SequenceFlow>;
  /** start events of the scope (excluding event-subprocess starts) */
  startEvents: string[];
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
  /** anything kind-specific: task type, assignee, timer definition, child scope, … */
  [key: string]: unknown;
}
