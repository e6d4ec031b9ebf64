/**
 * Replay safety of the pure engine: the same events produce the same commands, and
 * restoring from a snapshot after every event (as continueAsNew does) changes nothing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineCommand, EngineEvent } from '../api';
import { ProcessEngine } from '../engine';
import { fixture, graphOf } from './driver';

/** drives an instance by always answering the first open job / task / timer, collecting every command */
function drive(graph: Awaited<ReturnType<typeof graphOf>>, vars: Record<string, unknown>, restoreEachStep: boolean): EngineCommand[] {
  let n = 0;
  let clock = Date.parse('2024-03-01T08:00:00Z');
  const options = { now: () => new Date(clock).toISOString(), newId: () => `id${++n}`, instanceId: 'pi' };
  const started = ProcessEngine.start(graph, vars, options);
  let engine = started.engine;
  const all = [...started.commands];
  const open: EngineEvent[] = [];
  const collect = (cmds: EngineCommand[]) => {
    for (const c of cmds) {
      if (c.kind === 'startJob') open.push({ kind: 'jobCompleted', jobId: c.jobId, variables: { step: c.elementId } });
      if (c.kind === 'openUserTask') open.push({ kind: 'userTaskCompleted', taskId: c.taskId, variables: { approved: true } });
      if (c.kind === 'startTimer') open.push({ kind: 'timerFired', timerId: c.timerId });
      if (c.kind === 'startChild') open.push({ kind: 'childCompleted', childId: c.childId, variables: {} });
    }
  };
  collect(started.commands);
  for (let i = 0; i < 200 && !engine.ended && open.length; i++) {
    const ev = open.shift()!;
    clock += 1000;
    if (restoreEachStep) engine = ProcessEngine.restore(graph, JSON.parse(JSON.stringify(engine.snapshot())), options);
    const cmds = engine.handle(ev);
    all.push(...cmds);
    collect(cmds);
  }
  return all;
}

const files = readdirSync(join(__dirname, 'fixtures')).filter((f) => f.endsWith('.bpmn'));
const vars = { dossierId: 'HS-1', units: ['a', 'b'], quorum: 2, signers: 1, n: 0, items: [1, 2], reviewers: ['x'], route: 'a', a: true, b: true, c: false, amount: 5, dossier: { code: 'c' }, needTax: true };

describe('determinism and snapshot/restore', () => {
  it.each(files)('%s: same events → same commands, with or without restoring every step', async (file) => {
    const graph = await graphOf(fixture(file));
    const straight = drive(graph, vars, false);
    expect(drive(graph, vars, false)).toEqual(straight);
    expect(drive(graph, vars, true)).toEqual(straight);
  });
});
