/**
 * Which deployed processes start on, and which versions catch, a message or signal name —
 * read from their graphs (`graphEvents` of @tthc/engine). Used by the API (/messages, /signals)
 * and by the worker when a process throws a message or signal. Stored versions never change,
 * so the analysis is cached by definition id; only the list of versions is read per call.
 */
import { graphEvents, startsOn, type EventKind, type GraphEvents } from '@tthc/engine';
import type { DataSource } from 'typeorm';
import { getDefinitionById, listDefinitions } from './definition.store';

export interface StartSubscription {
  processKey: string;
  version: number;
  startEventId: string;
  /** tthc:agency of the version (null: every agency) */
  agency: string | null;
}

export class EventRoutes {
  private readonly cache = new Map<string, GraphEvents>();

  constructor(protected readonly ds: DataSource) {}

  /** Message/signal start events of the latest version of every process. */
  async starts(kind: EventKind, name: string): Promise<StartSubscription[]> {
    const out: StartSubscription[] = [];
    for (const d of await listDefinitions(this.ds, { latestOnly: true })) {
      const events = await this.eventsOf(d.id);
      if (!events) continue;
      for (const startEventId of startsOn(events, kind, name)) out.push({ processKey: d.key, version: d.version, startEventId, agency: events.agency });
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

  private async eventsOf(definitionId: string): Promise<GraphEvents | undefined> {
    let events = this.cache.get(definitionId);
    if (!events) {
      const def = await getDefinitionById(this.ds, definitionId);
      if (!def) return undefined;
      events = graphEvents(def.graph);
      this.cache.set(definitionId, events);
    }
    return events;
  }
}
