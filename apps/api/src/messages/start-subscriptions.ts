import { Inject, Injectable } from '@nestjs/common';
import { startTriggers } from '@tthc/engine';
import { getDefinitionById, listDefinitions } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/tokens';

export interface StartSubscription {
  processKey: string;
  version: number;
  startEventId: string;
}

/**
 * Message and signal start events of the latest version of every process. Graphs of
 * stored versions never change, so they are cached by definition id; only the list of
 * latest versions is read per call.
 */
@Injectable()
export class StartSubscriptions {
  private readonly triggers = new Map<string, ReturnType<typeof startTriggers>>();

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async find(kind: 'message' | 'signal', name: string): Promise<StartSubscription[]> {
    const out: StartSubscription[] = [];
    for (const d of await listDefinitions(this.ds, { latestOnly: true })) {
      let triggers = this.triggers.get(d.id);
      if (!triggers) {
        const def = await getDefinitionById(this.ds, d.id);
        if (!def) continue;
        triggers = startTriggers(def.graph);
        this.triggers.set(d.id, triggers);
      }
      for (const t of triggers) {
        const matches = (t.kind === 'message' && kind === 'message' && t.messageName === name) || (t.kind === 'signal' && kind === 'signal' && t.signalName === name);
        if (matches && t.startEventId) out.push({ processKey: d.key, version: d.version, startEventId: t.startEventId });
      }
    }
    return out;
  }
}
