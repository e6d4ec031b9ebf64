/**
 * Replay after a worker upgrade (issue 13 §3), on a real Temporal dev server and database:
 * instances started by an older build (a deliberately incompatible runProcess: a timer before
 * the interpreter) are running; a worker with the current code starts and replays them — each
 * divergence is an alert (audit entry `replay.divergence`, entity `replay-alert`) and an error line,
 * and the build is recorded as checked, so the next start of the same build does not replay again.
 * The code the instances actually ran replays them without an alert.
 */
import { AuditEntryEntity } from '@tthc/persistence';
import { join } from 'node:path';
import { replayAfterUpgrade, REPLAY_ALERT_ENTITY, WORKER_BUILD_ENTITY, workerBuildId } from '../replay/upgrade-replay.job';
import { fixture } from '../testing/fixtures';
import { ProcessHarness } from '../testing/process-harness';

jest.setTimeout(600_000);

const OLD_BUILD = join(__dirname, 'changed-workflow', 'index.ts');
let h: ProcessHarness;

beforeAll(async () => {
  h = await ProcessHarness.create({ workflowsPath: OLD_BUILD });
});

afterAll(async () => {
  await h?.close();
});

it('replays the running instances against a new build once, and raises an alert per divergence', async () => {
  const { approval } = await h.deploy(fixture('approval.bpmn'));
  const runs = [await h.start(approval, { amount: 1 }), await h.start(approval, { amount: 2 })];
  for (const run of runs) await h.openTask(run.instanceId, 'review', 120_000);
  await h.waitFor('both runs listed as running', async () => (await h.client.workflow.count(`ExecutionStatus = 'Running'`)).count === 2, 120_000);

  const errors: string[] = [];
  const logs: string[] = [];
  const report = await replayAfterUpgrade({ client: h.client, ds: h.ds, sampleSize: 10, log: (l) => logs.push(l), error: (l) => errors.push(l) });
  expect(report.ran).toBe(true);
  expect(report.buildId).toBe(await workerBuildId());
  expect(report.sampled).toBe(2);
  expect(report.diverged.map((d) => d.workflowId).sort()).toEqual(runs.map((r) => `pi/${r.instanceId}`).sort());
  expect(report.diverged[0].divergence.type).toMatch(/Determinism|Nondeterminism/i);

  // the alert: one audit entry per divergence, and a log line naming the workflow
  const alerts = await h.ds.getRepository(AuditEntryEntity).find({ where: { entity: REPLAY_ALERT_ENTITY }, order: { seq: 'ASC' } });
  expect(alerts.map((a) => a.action)).toEqual(['replay.divergence', 'replay.divergence']);
  expect(alerts.map((a) => a.entityId).sort()).toEqual(runs.map((r) => `pi/${r.instanceId}`).sort());
  expect(alerts[0].details).toMatchObject({ buildId: report.buildId, divergence: { type: report.diverged[0].divergence.type } });
  expect(errors).toHaveLength(2);
  expect(errors[0]).toMatch(/REPLAY DIVERGENCE.*pi\//);
  const checked = await h.ds.getRepository(AuditEntryEntity).findBy({ entity: WORKER_BUILD_ENTITY, entityId: report.buildId });
  expect(checked.map((c) => c.details)).toEqual([{ buildId: report.buildId, sampled: 2, diverged: 2 }]);
  expect(logs.join('\n')).toContain('2 diverged');

  // the same build starting again: already checked, nothing replayed, no new alert
  const again = await replayAfterUpgrade({ client: h.client, ds: h.ds, sampleSize: 10, log: () => undefined, error: (l) => errors.push(l) });
  expect(again).toMatchObject({ ran: false, sampled: 0 });
  expect(await h.ds.getRepository(AuditEntryEntity).countBy({ entity: REPLAY_ALERT_ENTITY })).toBe(2);

  // the build the instances really run replays them without divergence
  const same = await replayAfterUpgrade({ client: h.client, ds: h.ds, workflowsPath: OLD_BUILD, sampleSize: 10, log: () => undefined, error: (l) => errors.push(l) });
  expect(same.buildId).not.toBe(report.buildId);
  expect(same).toMatchObject({ ran: true, sampled: 2, diverged: [] });
  expect(errors).toHaveLength(2);
});
