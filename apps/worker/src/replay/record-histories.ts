/**
 * (Re)records the replay corpus: runs every HISTORY_SCENARIOS entry against a real dev
 * server (port 17233) and writes each run's history (all runs of a continue-as-new
 * chain) to src/__tests__/histories/<scenario>[.<n>].json.
 *
 *   SWCRC=true node -r @swc-node/register apps/worker/src/replay/record-histories.ts [--suffix PATCH] [name-prefix…]
 *
 * Dossier scenarios (`dossier-*`, dossier-scenarios.ts) run in a dossier world: the STP agency,
 * its officers, the chứng thực catalog entry, a dev PKI and a blob store in a temporary directory.
 */
import 'reflect-metadata';
import { historyToJSON } from '@tthc/contracts/src/history-json';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../testing/fixtures';
import { ProcessHarness } from '../testing/process-harness';
import { defaultServiceTasks } from '../activities/service-tasks/default-registry';
import type { ServiceTaskRegistry } from '../activities/service-tasks/service-task.types';
import { isAbsolute } from 'node:path';
import { engineFixtureScenarios, HISTORY_SCENARIOS } from './history-scenarios';
import { DOSSIER_SCENARIOS, dossierBpmn } from './dossier-scenarios';
import { LocalBlobStore } from '@tthc/persistence';
import { loadSigningConfig } from '@tthc/signing';
import { tmpdir } from 'node:os';
import { devPki, fileDossier, seedWorld } from '../testing/dossier-world';
import type { Client } from '@temporalio/client';

export const HISTORIES_DIR = join(__dirname, '..', '__tests__', 'histories');

async function main() {
  const args = process.argv.slice(2);
  // --suffix NAME: file names <scenario>.NAME.json, to keep the histories of older code next to new ones
  const suffixAt = args.indexOf('--suffix');
  const suffix = suffixAt >= 0 ? `.${args[suffixAt + 1]}` : '';
  const only = suffixAt >= 0 ? args.filter((_, i) => i !== suffixAt && i !== suffixAt + 1) : args;
  const all = [...HISTORY_SCENARIOS, ...engineFixtureScenarios()];
  const scenarios = all.filter((s) => only.length === 0 || only.some((o) => s.name.startsWith(o)));
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // every job type completes (engine fixtures use arbitrary types); the product's own types keep their handlers
  // `slow`: a local step that takes a while (local-steps-parallel: it resolves after the step asked for after it)
  const registry: ServiceTaskRegistry = { ...defaultServiceTasks(), slow: { handler: () => new Promise<Record<string, unknown>>((resolve) => setTimeout(() => resolve({ slow: true }), 700)), local: true } };
  const serviceTasks = new Proxy(registry, { get: (target, type: string) => target[type] ?? target.noop });
  const dossiers = DOSSIER_SCENARIOS.filter((s) => only.length === 0 || only.some((o) => s.name.startsWith(o)));
  const dir = mkdtempSync(join(tmpdir(), 'tthc-record-histories-'));
  const pki = await devPki(dir);
  const blobs = new LocalBlobStore(join(dir, 'blobs'));
  const signingEnv = { TTHC_DEV_PKI_DIR: join(dir, 'pki') } as NodeJS.ProcessEnv;
  const h = await ProcessHarness.create({ database: 'sqlite', serviceTasks, dossiers: { dataDir: dir, blobs, signing: () => loadSigningConfig(signingEnv, { dataDir: dir }) } });
  try {
    if (dossiers.length) await seedWorld(h, pki);
    for (const scenario of dossiers) {
      const defs = await h.deploy(dossierBpmn(scenario));
      const d = await fileDossier(h, Object.values(defs)[0]);
      await scenario.drive({ h, pki, blobs }, d);
      const described = await h.client.workflow.getHandle(d.workflowId).describe();
      await writeRuns(h.client, d.workflowId, described.runId, scenario.name, suffix, described.status.name);
    }
    for (const scenario of scenarios) {
      const defs = await h.deploy(isAbsolute(scenario.fixture) ? readFileSync(scenario.fixture, 'utf8') : fixture(scenario.fixture));
      const def = scenario.process ? defs[scenario.process] : Object.values(defs)[0];
      const run = await h.start(def, scenario.variables ?? {}, { historyLimit: scenario.historyLimit, ...(scenario.startEventId ? { startEventId: scenario.startEventId } : {}) });
      const extra = (await scenario.drive?.(h, run)) ?? {};
      const result = await run.result();
      await writeRuns(h.client, run.handle.workflowId, run.handle.firstExecutionRunId, scenario.name, suffix, result.state);
      // other instances the scenario drove (e.g. the thrower of a message the scenario's instance caught)
      for (const [key, other] of Object.entries(extra)) {
        const state = (await other.result()).state;
        await writeRuns(h.client, other.handle.workflowId, other.handle.firstExecutionRunId, `${scenario.name}-${key}`, suffix, state);
      }
    }
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** writes one history file per run of a continue-as-new chain, oldest first (`<name>[.<n>].json`) */
async function writeRuns(client: Client, workflowId: string, firstRunId: string, name: string, suffix: string, state: string): Promise<void> {
  const runIds: string[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    runIds.push(runId);
    type Ev = { workflowExecutionContinuedAsNewEventAttributes?: { newExecutionRunId?: string | null } | null };
    const events: Ev[] = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    const next: string | null | undefined = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    runId = next ?? undefined;
  }
  for (const [i, id] of runIds.entries()) {
    const history = await client.workflow.getHandle(workflowId, id).fetchHistory();
    const file = join(HISTORIES_DIR, `${name}${suffix}${runIds.length > 1 ? `.${i + 1}` : ''}.json`);
    writeFileSync(file, historyToJSON(history) + '\n');
    console.log(`[histories] ${name}: ${state}, ${history.events?.length} events → ${file}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
