/**
 * The replay view's trace (issue 13): a committed history is replayed with the current workflow
 * code plus the observing interceptor, and what the code recorded at each step comes back —
 * tokens, variables, element records, inbox rows — next to a summary of the history's events.
 * A history altered by one event is still reported, with its divergence.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@tthc/contracts/src/history-json';
import { traceHistory } from '../replay/replay-trace.activity';

jest.setTimeout(300_000);

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed by another test file in this Jest worker
  }
});

const file = join(__dirname, 'histories', 'exclusive-default-flow-rejected.poison-incidents.json');

it('reconstructs the state at each step of a finished instance from its history', async () => {
  const trace = await traceHistory(historyFromJSON(readFileSync(file, 'utf8')), 'pi/rejected');
  expect(trace.deterministic).toBe(true);
  expect(trace.divergence).toBeNull();
  // the slider's events: workflow-task bookkeeping left out, ids increasing, each with its instant
  expect(trace.events[0]).toMatchObject({ id: 1, type: 'WORKFLOW_EXECUTION_STARTED', label: 'runProcess' });
  expect(trace.events.some((e) => e.type.startsWith('WORKFLOW_TASK_'))).toBe(false);
  expect(trace.events.map((e) => e.id)).toEqual([...trace.events.map((e) => e.id)].sort((a, b) => a - b));
  expect(trace.events.find((e) => e.type === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')?.label).toBe('completeTask · officer1');
  expect(trace.events.find((e) => e.type === 'ACTIVITY_TASK_SCHEDULED')?.label).toBe('createUserTask');
  expect(trace.totalEvents).toBeGreaterThan(trace.events.length);

  // first recorded state: one token waiting at the user task; last: completed, no token left
  const [first, last] = [trace.snapshots[0], trace.snapshots[trace.snapshots.length - 1]];
  expect(first.state).toBe('ACTIVE');
  expect(first.tokens).toEqual({ review: 1 });
  expect(last.state).toBe('COMPLETED');
  expect(Object.values(last.tokens).filter((n) => n > 0)).toEqual([]);
  expect(last.variables).toMatchObject({ approved: false });
  expect(first.variables.approved).toBeUndefined();
  expect(trace.snapshots.map((s) => s.eventId)).toEqual([...trace.snapshots.map((s) => s.eventId)].sort((a, b) => a - b));
  // the element records over all snapshots: the user task completed by officer1
  const review = trace.snapshots.flatMap((s) => s.elements).filter((r) => r.elementId === 'review');
  expect(review.some((r) => r.state === 'COMPLETED' && r.by === 'officer1' && !!r.endedAt)).toBe(true);
  // the inbox row opened, then closed by the completion
  expect(trace.tasks.map((t) => t.kind)).toEqual(['opened', 'closed']);
  expect(trace.tasks[0]).toMatchObject({ elementId: 'review' });
  expect(trace.tasks[1]).toMatchObject({ taskId: trace.tasks[0].taskId, state: 'COMPLETED', by: 'officer1' });
});

it('reports a history altered by one event with its divergence', async () => {
  const json = readFileSync(file, 'utf8').replace('"name": "createUserTask"', '"name": "deleteEverything"');
  const trace = await traceHistory(historyFromJSON(json), 'pi/altered');
  expect(trace.deterministic).toBe(false);
  expect(trace.divergence?.message).toMatch(/deleteEverything/);
});
