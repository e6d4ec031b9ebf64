/**
 * A message or signal offered twice to a run is received once (patch `tthc-delivered-once`): a throw's
 * activity retried after a partial delivery, or a publish retried by the API, offers it again under the
 * same id (`messageId` / `signalId`: the throw's id, stable across retries). The ids go across
 * continue-as-new and migration (ResumeState.deliveredIds, the last 1000). Deterministic workflow code.
 */
import type { PatchAsker } from './run-patches';
import { DELIVERED_ONCE_PATCH } from './runtime-patches';

/** how many ids a new run keeps (the oldest are dropped) */
const KEPT = 1000;

export class DeliveredOnce {
  private readonly ids: Set<string>;

  constructor(
    /** the run's patches (RunPatches: a patch set the run took stands for DELIVERED_ONCE_PATCH) */
    private readonly patches: PatchAsker,
    ids: string[] = [],
  ) {
    this.ids = new Set(ids);
  }

  /** true when a delivery with this id reached the run before (runs before the patch: never) */
  repeated(kind: 'message' | 'signal', id: string | undefined): boolean {
    if (!id || !this.patches.has(DELIVERED_ONCE_PATCH)) return false;
    const key = `${kind}:${id}`;
    if (this.ids.has(key)) return true;
    this.ids.add(key);
    return false;
  }

  snapshot(): string[] | undefined {
    return this.ids.size ? [...this.ids].slice(-KEPT) : undefined;
  }
}
