/**
 * Replay after a worker upgrade (issue 13 §3): when a worker process starts with workflow code
 * this deployment has not checked yet (its build id = SHA-256 of the workflow bundle), it
 * replays the histories of a sample of RUNNING dossiers (runProcess workflows, newest first)
 * against that code before anything else can surprise it. A history the new code cannot
 * continue is an alert: one `replay.divergence` audit entry per workflow (entity
 * `replay-alert`, shown by `GET /audit/replay-alerts` and the audit page) and an error line in
 * the worker's log. One `worker.replay-sample` entry (entity `worker-build`) records that the
 * build was checked, so the next start of the same build skips it.
 */
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { REPLAY_DIVERGENCE_ACTION, RUN_PROCESS_WORKFLOW, UPGRADE_REPLAY_ACTION, type ReplayDivergence } from '@tthc/contracts';
import { appendAudit, AuditEntryEntity } from '@tthc/persistence';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { divergenceOf } from './replay-history.activity';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

export const REPLAY_ALERT_ENTITY = 'replay-alert';
export const WORKER_BUILD_ENTITY = 'worker-build';
export const DEFAULT_UPGRADE_SAMPLE = 20;

export interface UpgradeReplayOptions {
  client: Client;
  ds: DataSource;
  /** the workflow entry this worker runs (tests swap it) */
  workflowsPath?: string;
  /** how many running workflows to replay (0: off) */
  sampleSize?: number;
  log?: (line: string) => void;
  error?: (line: string) => void;
}

export interface UpgradeReplayReport {
  buildId: string;
  /** false: this build had been checked before */
  ran: boolean;
  sampled: number;
  diverged: Array<{ workflowId: string; divergence: ReplayDivergence }>;
}

export async function workerBuildId(workflowsPath?: string): Promise<string> {
  const bundle = await bundleWorkflows(workflowsPath);
  return createHash('sha256').update(bundle.code).digest('hex').slice(0, 16);
}

export async function replayAfterUpgrade(opts: UpgradeReplayOptions): Promise<UpgradeReplayReport> {
  const log = opts.log ?? ((l) => console.log(l));
  const error = opts.error ?? ((l) => console.error(l));
  const sampleSize = opts.sampleSize ?? DEFAULT_UPGRADE_SAMPLE;
  const buildId = await workerBuildId(opts.workflowsPath);
  const checked = await opts.ds.getRepository(AuditEntryEntity).findOne({ where: { entity: WORKER_BUILD_ENTITY, entityId: buildId }, select: { seq: true } });
  if (checked || sampleSize <= 0) return { buildId, ran: false, sampled: 0, diverged: [] };

  const sample: Array<{ workflowId: string; runId: string }> = [];
  for await (const w of opts.client.workflow.list({ query: `WorkflowType = '${RUN_PROCESS_WORKFLOW}' AND ExecutionStatus = 'Running'` })) {
    sample.push({ workflowId: w.workflowId, runId: w.runId });
    if (sample.length >= sampleSize) break;
  }
  const histories = (async function* () {
    for (const w of sample) {
      try {
        yield { workflowId: w.workflowId, history: await opts.client.workflow.getHandle(w.workflowId, w.runId).fetchHistory() };
      } catch {
        // finished and purged since it was listed: nothing to continue
      }
    }
  })();
  const diverged: UpgradeReplayReport['diverged'] = [];
  const workflowBundle = await bundleWorkflows(opts.workflowsPath);
  for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'tthc-upgrade-replay', dataConverter: TTHC_DATA_CONVERTER }, histories)) {
    if (!r.error) continue;
    const divergence = divergenceOf(r.error);
    diverged.push({ workflowId: r.workflowId, divergence });
    const dossierId = r.workflowId.startsWith('dossier/') ? r.workflowId.slice('dossier/'.length) : null;
    await appendAudit(opts.ds, {
      actor: 'worker',
      action: REPLAY_DIVERGENCE_ACTION,
      entity: REPLAY_ALERT_ENTITY,
      entityId: r.workflowId,
      details: { workflowId: r.workflowId, runId: r.runId, dossierId, buildId, divergence },
    });
    error(`[worker] REPLAY DIVERGENCE after upgrade: build ${buildId} cannot continue ${r.workflowId}: ${divergence.type}: ${divergence.message}`);
  }
  await appendAudit(opts.ds, {
    actor: 'worker',
    action: UPGRADE_REPLAY_ACTION,
    entity: WORKER_BUILD_ENTITY,
    entityId: buildId,
    details: { buildId, sampled: sample.length, diverged: diverged.length },
  });
  log(`[worker] build ${buildId}: replayed ${sample.length} running workflow(s) against it, ${diverged.length} diverged`);
  return { buildId, ran: true, sampled: sample.length, diverged };
}
