/**
 * How a process can be started, read from its graph — for the deploy side (register
 * message/signal start subscriptions and timer-start schedules) and for choosing the
 * `startEventId` / `messageName` passed to ProcessEngine.start.
 */
import type { ExecutableGraph, TimerDefinition } from '@tthc/contracts';

export type StartTrigger =
  /** startEventId absent: implicit start (no start events) */
  | { startEventId?: string; kind: 'none' }
  | { startEventId: string; kind: 'message'; messageName: string }
  | { startEventId: string; kind: 'signal'; signalName: string }
  | { startEventId: string; kind: 'timer'; timer: TimerDefinition; calendar: 'working' | 'absolute' };

export function startTriggers(graph: ExecutableGraph): StartTrigger[] {
  const out: StartTrigger[] = [];
  for (const id of graph.root.startEvents) {
    const d = graph.root.nodes[id]?.eventDefinition;
    if (!d) out.push({ startEventId: id, kind: 'none' });
    else if (d.kind === 'message') out.push({ startEventId: id, kind: 'message', messageName: d.name });
    else if (d.kind === 'signal') out.push({ startEventId: id, kind: 'signal', signalName: d.name });
    else if (d.kind === 'timer') out.push({ startEventId: id, kind: 'timer', timer: d.timer, calendar: d.calendar });
  }
  if (out.length === 0 && graph.root.implicitStarts?.length) out.push({ kind: 'none' });
  return out;
}
