/**
 * The payload codec (libs/contracts payload-codec.ts) on the real dev server: the pinned graph of a
 * run travels deflated (the history stores the compressed bytes), the run still completes and its
 * history replays with the product's converter. Histories recorded before the codec replay in
 * replay-histories.spec.ts.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { COMPRESSED_PAYLOAD_ENCODING, TTHC_DATA_CONVERTER, decompressPayload } from '@tthc/contracts/src/payload-codec';
import { ProcessHarness } from '../testing/process-harness';
import { straightThroughXml } from '../testing/bpmn-samples';
import { bundleWorkflows } from '../worker/bundle-workflows';

jest.setTimeout(180_000);

let h: ProcessHarness;

beforeAll(async () => {
  h = await ProcessHarness.create({ port: 17296 });
});

afterAll(async () => {
  await h?.close();
});

it('stores the pinned graph deflated in history, runs the process and replays it', async () => {
  const def = (await h.deploy(straightThroughXml(60, 'codec60')))['codec60'];
  const graphBytes = Buffer.byteLength(JSON.stringify(def.graph));
  const run = await h.start(def, { applicant: 'Nguyễn Văn A' });
  expect(await run.result()).toMatchObject({ state: 'COMPLETED' });

  const history = await run.handle.fetchHistory();
  const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  expect(Buffer.from(input.metadata!.encoding!).toString()).toBe(COMPRESSED_PAYLOAD_ENCODING);
  expect(input.data!.length).toBeLessThan(graphBytes / 3);
  // what the server stores decodes to the very input the run was started with
  const started = defaultPayloadConverter.fromPayload(decompressPayload(input)) as { graph: unknown; variables: Record<string, unknown> };
  expect(started.graph).toEqual(def.graph);
  expect(started.variables).toEqual({ applicant: 'Nguyễn Văn A' });

  await expect(
    Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), replayName: 'codec-replay', dataConverter: TTHC_DATA_CONVERTER }, history, run.handle.workflowId),
  ).resolves.toBeUndefined();
});
