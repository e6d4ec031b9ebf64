/**
 * The live worker's workflow threads run without the SDK's stack-trace promise hook unless
 * TTHC_WORKER_STACK_TRACES=1 (process-worker.ts): what an operator sees is the Temporal UI's
 * "Stack Trace" of a waiting run (the `__stack_trace` query) — "stack traces are not enabled on
 * this worker" by default, the awaiting frames with the switch. The run itself works the same either way.
 */
import { fixture } from '../../testing/fixtures';
import { ProcessHarness } from '../../testing/process-harness';
import { stackTracesFromEnv } from '../process-worker';

jest.setTimeout(300_000);

let h: ProcessHarness;

beforeAll(async () => {
  delete process.env.TTHC_WORKER_STACK_TRACES;
  h = await ProcessHarness.create({ database: 'sqlite' });
}, 900_000); // may wait for another test file's turn on the dev server port

afterAll(async () => {
  delete process.env.TTHC_WORKER_STACK_TRACES;
  await h?.close();
});

it('reads the switch: unset or 0 = off, 1 = on, anything else is refused', () => {
  expect(stackTracesFromEnv({})).toBe(false);
  expect(stackTracesFromEnv({ TTHC_WORKER_STACK_TRACES: '0' })).toBe(false);
  expect(stackTracesFromEnv({ TTHC_WORKER_STACK_TRACES: '1' })).toBe(true);
  expect(() => stackTracesFromEnv({ TTHC_WORKER_STACK_TRACES: 'yes' })).toThrow(/TTHC_WORKER_STACK_TRACES must be 1 or 0/);
});

it('a waiting run answers that stack traces are off by default, and has one once a worker runs with TTHC_WORKER_STACK_TRACES=1', async () => {
  const defs = await h.deploy(fixture('approval.bpmn'));
  const run = await h.start(defs.approval, { applicant: 'Nguyễn Văn A' });
  await h.openTask(run.instanceId, 'review');
  // the SDK answers that stack traces are off, rather than an empty trace
  await expect(run.handle.query<string>('__stack_trace')).rejects.toThrow(/stack traces are not enabled on this worker/);

  process.env.TTHC_WORKER_STACK_TRACES = '1';
  await h.restartWorker();
  // the new worker replays the run for the query, with the hook on: the frames the run waits in
  const trace = await run.handle.query<string>('__stack_trace');
  expect(trace).toMatch(/\bat\b/);
  // the run still waits at its task and can go on
  await h.openTask(run.instanceId, 'review');
});
