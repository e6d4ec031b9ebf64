/**
 * The message and signal names a process graph starts on, throws and catches — for routing
 * messages and signals between processes (the API's /messages and /signals, the worker's
 * publication of thrown messages and signals). Pure.
 */
import type { ExecutableGraph, ScopeNode } from '@tthc/contracts';
import { startTriggers, type StartTrigger } from './start-triggers';

export type EventKind = 'message' | 'signal';

export interface GraphEvents {
  starts: StartTrigger[];
  /** names caught anywhere in the graph (catch/boundary events, receive tasks, event subprocesses, event gateways) */
  catches: Record<EventKind, Set<string>>;
  /** a caught name given as a FEEL expression: cannot be matched before run time */
  dynamic: boolean;
  /** tthc:agency of the process (null: every agency) */
  agency: string | null;
}

const THROWS = new Set(['intermediateThrowEvent', 'endEvent', 'sendTask']);

export function graphEvents(graph: ExecutableGraph): GraphEvents {
  const events: GraphEvents = { starts: startTriggers(graph), catches: { message: new Set(), signal: new Set() }, dynamic: false, agency: graph.tthc?.agency ?? null };
  const startIds = new Set(graph.root.startEvents);
  const walk = (scope: ScopeNode, root: boolean) => {
    for (const node of Object.values(scope.nodes)) {
      const d = node.eventDefinition;
      if (d && (d.kind === 'message' || d.kind === 'signal') && !THROWS.has(node.type) && !(root && startIds.has(node.id))) {
        if (d.name.startsWith('=')) events.dynamic = true;
        events.catches[d.kind].add(d.name);
      }
      if (node.scope) walk(node.scope, false);
    }
  };
  walk(graph.root, true);
  return events;
}

/** the start events of `kind` and `name` in these events */
export function startsOn(events: GraphEvents, kind: EventKind, name: string): string[] {
  return events.starts
    .filter((t) => (t.kind === 'message' && kind === 'message' && t.messageName === name) || (t.kind === 'signal' && kind === 'signal' && t.signalName === name))
    .map((t) => t.startEventId!)
    .filter(Boolean);
}
