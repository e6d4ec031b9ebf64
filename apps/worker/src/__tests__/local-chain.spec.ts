/**
 * The local-activity ordering risk (docs/worker.md, "One chain for local activities"): two local
 * activities in flight at once resolve one per activation when the run executes, but together on
 * replay, so the commands that react to them can come out in another order. Without the chain a
 * recorded run fails to replay (the SDK's DeterminismViolationError); through the chain it replays.
 * Real dev server, real worker, real replay.
 */
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { ProcessHarness } from '../testing/process-harness';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

jest.setTimeout(240_000);

const WORKFLOWS = join(__dirname, 'local-chain-workflows', 'index.ts');
let h: ProcessHarness;

beforeAll(async () => {
  h = await ProcessHarness.create({
    workflowsPath: WORKFLOWS,
    extraActivities: {
      settleAfter: (ms: number) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
      touch: async () => undefined,
    },
  });
}, 900_000); // may wait for another test file's turn on the dev server port

afterAll(async () => {
  await h?.close();
});

/** the slow local activity takes 5 s: long enough that the fast one resolves first even on a loaded machine */
async function runAndReplay(chained: boolean) {
  const workflowId = `local-chain-${chained ? 'on' : 'off'}-${Date.now()}`;
  const order = await h.client.workflow.execute('overlappingLocals', { taskQueue: h.taskQueue, workflowId, args: [chained, 5000] });
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const workflowBundle = await bundleWorkflows(WORKFLOWS);
  const replay = await Worker.runReplayHistory({ workflowBundle, replayName: workflowId, dataConverter: TTHC_DATA_CONVERTER }, history).then(
    () => undefined,
    (err: unknown) => err,
  );
  return { order, replay };
}

it('without the chain, overlapping local activities do not replay', async () => {
  const { order, replay } = await runAndReplay(false);
  // when it ran, the fast one reacted first
  expect(order).toEqual(['timer', 'activity']);
  expect(replay).toBeInstanceOf(DeterminismViolationError);
});

it('through the chain, the same run replays (one local activity at a time, in the order asked)', async () => {
  const { order, replay } = await runAndReplay(true);
  expect(order).toEqual(['activity', 'timer']);
  expect(replay).toBeUndefined();
});
