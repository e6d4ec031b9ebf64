import { Inject, Injectable } from '@nestjs/common';
import type { ExecutableGraph, ScopeNode } from '@tthc/contracts';
import { startTriggers, type StartTrigger } from '@tthc/engine';
import { getDefinitionById, listDefinitions } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';

export interface StartSubscription {
  processKey: string;
  version: number;
  startEventId: string;
  /** tthc:agency of the version (null: every agency) */
  agency: string | null;
}

type EventKind = 'message' | 'signal';

interface DefinitionEvents {
  starts: StartTrigger[];
  /** names caught anywhere in the graph (catch/boundary events, receive tasks, event subprocesses) */
  catches: Record<EventKind, Set<string>>;
  /** a name given as a FEEL expression: cannot be matched before run time */
  dynamic: boolean;
  agency: string | null;
}

/**
 * What each deployed version starts on and waits for, read from its graph. Stored
 * versions never change, so the analysis is cached by definition id; only the list of
 * versions is read per call.
 */
@Injectable()
export class EventSubscriptions {
  private readonly cache = new Map<string, DefinitionEvents>();

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Message/signal start events of the latest version of every process. */
  async starts(kind: EventKind, name: string): Promise<StartSubscription[]> {
    const out: StartSubscription[] = [];
    for (const d of await listDefinitions(this.ds, { latestOnly: true })) {
      const events = await this.eventsOf(d.id);
      if (!events) continue;
      for (const t of events.starts) {
        const matches = (t.kind === 'message' && kind === 'message' && t.messageName === name) || (t.kind === 'signal' && kind === 'signal' && t.signalName === name);
        if (matches && t.startEventId) out.push({ processKey: d.key, version: d.version, startEventId: t.startEventId, agency: events.agency });
      }
    }
    return out;
  }

  /** Ids of every version (old ones too: instances run on them) that can catch `name`. */
  async catching(kind: EventKind, name: string): Promise<string[]> {
    const ids: string[] = [];
    for (const d of await listDefinitions(this.ds)) {
      const events = await this.eventsOf(d.id);
      if (events && (events.dynamic || events.catches[kind].has(name))) ids.push(d.id);
    }
    return ids;
  }

  private async eventsOf(definitionId: string): Promise<DefinitionEvents | undefined> {
    let events = this.cache.get(definitionId);
    if (!events) {
      const def = await getDefinitionById(this.ds, definitionId);
      if (!def) return undefined;
      events = analyse(def.graph);
      this.cache.set(definitionId, events);
    }
    return events;
  }
}

function analyse(graph: ExecutableGraph): DefinitionEvents {
  const events: DefinitionEvents = { starts: startTriggers(graph), catches: { message: new Set(), signal: new Set() }, dynamic: false, agency: graph.tthc?.agency ?? null };
  const startIds = new Set(graph.root.startEvents);
  const walk = (scope: ScopeNode, root: boolean) => {
    for (const node of Object.values(scope.nodes)) {
      const d = node.eventDefinition;
      if (d && (d.kind === 'message' || d.kind === 'signal') && !(root && startIds.has(node.id))) {
        if (d.name.startsWith('=')) events.dynamic = true;
        events.catches[d.kind].add(d.name);
      }
      if (node.scope) walk(node.scope, false);
    }
  };
  walk(graph.root, true);
  return events;
}
