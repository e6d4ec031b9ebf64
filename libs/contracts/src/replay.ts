/**
 * Determinism check (issue 13): a dossier's Temporal history replayed against the workflow
 * code the worker runs now. The API starts the short `replayDeterminismCheck` workflow on the
 * worker's task queue; its one activity fetches the history (or takes the one the auditor
 * supplied) and replays it in the worker process, with the worker's own workflow bundle.
 */

/** workflow type of the check (exported by the worker's workflow bundle) */
export const REPLAY_CHECK_WORKFLOW = 'replayDeterminismCheck';

/** ApplicationFailure type: the history given is not a usable history (not JSON, not a history, truncated) */
export const HISTORY_INVALID_FAILURE = 'HISTORY_INVALID';
/** ApplicationFailure type: Temporal has no history for that workflow id */
export const HISTORY_NOT_FOUND_FAILURE = 'HISTORY_NOT_FOUND';

export interface ReplayCheckInput {
  /** the workflow id of the instance (`pi/<id>` or `dossier/<id>`) */
  workflowId: string;
  /** a history to check instead of the stored one: proto JSON as `temporal workflow show -o json` writes it */
  history?: unknown;
}

export interface ReplayDivergence {
  /** the SDK's error class (DeterminismViolationError, …) */
  type: string;
  /** what the replay found, as the SDK words it (names the command and event that disagree) */
  message: string;
  /** the history event the replay stopped at, when the message names it */
  eventId?: number;
}

export interface ReplayCheckResult {
  workflowId: string;
  runId?: string;
  /** true when the current code makes exactly the commands the history recorded */
  deterministic: boolean;
  /** number of events in the history replayed */
  events: number;
  /** where and why the replay diverged; null when deterministic */
  divergence: ReplayDivergence | null;
  /** the history came from the caller (true) or from Temporal (false) */
  suppliedHistory: boolean;
}

export interface ReplayActivities {
  replayHistory(input: ReplayCheckInput): Promise<ReplayCheckResult>;
}

/**
 * The signed audit bundle of one dossier (`tthc audit export`, verified offline by
 * `tthc verify-bundle`). A ZIP (entries stored, not compressed) holding the entries below,
 * `manifest.json` listing each entry's SHA-256 and size, `manifest.sig` = base64 Ed25519
 * signature of the manifest's exact bytes with the audit system key, and `public-key.pem`.
 */
export const AUDIT_BUNDLE_FORMAT = 'tthc-audit-bundle/1';
export const AUDIT_BUNDLE_ENTRIES = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  publicKey: 'public-key.pem',
  dossier: 'dossier.json',
  events: 'events.json',
  progress: 'progress.json',
  history: 'history.json',
  documents: 'documents.json',
  bpmn: 'process.bpmn',
  /** document bytes (optional): `documents/<document id>/<file name>` */
  documentsDir: 'documents/',
} as const;

export interface AuditBundleManifest {
  format: typeof AUDIT_BUNDLE_FORMAT;
  createdAt: string;
  createdBy: string;
  dossier: { id: string; code: string | null };
  /** id of the signing key (first 16 hex of sha-256 of its SPKI DER), as in the audit checkpoints */
  keyId: string;
  /** false when the Temporal history could not be read (the bundle says so instead of failing) */
  history: boolean;
  entries: Array<{ path: string; sha256: string; size: number }>;
}
