import { type ExecutableGraph, type GraphNode, graphNodes as nodesOf } from '@tthc/contracts';

/** a node anywhere in the graph (subprocesses and event subprocesses included) */
export function findNode(graph: ExecutableGraph, elementId: string): GraphNode | undefined {
  for (const node of nodesOf(graph.root)) if (node.id === elementId) return node;
  return undefined;
}

/** whether a process has a timer counted in working time (its running instances may have one pending) */
export function hasWorkingTimer(graph: ExecutableGraph): boolean {
  for (const node of nodesOf(graph.root)) {
    const def = node.eventDefinition;
    if (def?.kind === 'timer' && def.calendar === 'working') return true;
  }
  return false;
}

/**
 * The working-time duration a user task's due date was computed from, as the worker does it
 * (`tthc:due`, counted from the task's creation), or why it cannot be recomputed here.
 */
export function taskDueDuration(graph: ExecutableGraph | undefined, elementId: string): { duration: string } | { skip: string } {
  if (!graph) return { skip: 'definition not found' };
  const node = findNode(graph, elementId);
  if (!node?.due) return { skip: 'element has no due date' };
  if ((node.dueCalendar ?? 'working') !== 'working') return { skip: 'absolute due date (does not depend on the calendar)' };
  if (node.due.startsWith('=')) return { skip: 'due date is a FEEL expression (its value at creation is not stored)' };
  return { duration: node.due };
}
