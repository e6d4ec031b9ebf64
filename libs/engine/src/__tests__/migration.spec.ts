import type { ExecutableGraph } from '@tthc/contracts';
import { ProcessEngine } from '../engine';
import { activeElementIds, migrateState } from '../migration';
import type { EngineState } from '../state';
import { Driver, bpmn, flow, graphOf } from './driver';

const S = '<bpmn:startEvent id="s"/>';
const E = '<bpmn:endEvent id="e"/>';
const task = (id: string, name = id) => `<bpmn:userTask id="${id}" name="${name}"/>`;

/** v1: s → receive → review → e */
const V1 = bpmn(`${S}${task('receive')}${task('review', 'Thẩm định')}${E}${flow('f1', 's', 'receive')}${flow('f2', 'receive', 'review')}${flow('f3', 'review', 'e')}`);
/** v2: a step added before review (check), review renamed to appraise, a step after (sign) */
const V2 = bpmn(
  `${S}${task('receive')}${task('check')}${task('appraise', 'Thẩm định hồ sơ')}${task('sign')}${E}` +
    `${flow('f1', 's', 'receive')}${flow('g1', 'receive', 'check')}${flow('g2', 'check', 'appraise')}${flow('g3', 'appraise', 'sign')}${flow('g4', 'sign', 'e')}`,
);

/** continues a migrated state in a fresh driver (ids from another sequence: they must not collide) */
function continueOn(graph: ExecutableGraph, state: EngineState): Driver {
  const d = new Driver();
  let n = 0;
  d.options = { ...d.options, newId: () => `m${++n}` };
  d.engine = ProcessEngine.restore(graph, state, d.options);
  return d;
}

describe('instance migration (pure state translation)', () => {
  it('a token waiting at a renamed user task moves to it, keeps its task id and dates, and completes on the new version', async () => {
    const [g1, g2] = [await graphOf(V1), await graphOf(V2)];
    const d = await Driver.start(g1, { applicant: 'An' });
    d.completeTask('receive', { received: true });
    const open = d.task('review');
    const before = d.engine.snapshot() as EngineState;
    expect(activeElementIds(before)).toEqual(['review']);

    const out = migrateState(before, g1, g2, { review: 'appraise' });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    expect(out.applied).toEqual({ review: 'appraise' });
    const inst = Object.values(out.state.instances).find((i) => i.elementId === 'appraise')!;
    const old = Object.values(before.instances).find((i) => i.elementId === 'review')!;
    expect(inst).toMatchObject({ id: old.id, taskId: open.taskId, startedAt: old.startedAt });
    expect(out.state.instances[out.state.rootId].elementId).toBe('p');
    // the input state is left alone (pure)
    expect(Object.values(before.instances).some((i) => i.elementId === 'review')).toBe(true);

    const d2 = continueOn(g2, out.state);
    expect(d2.engine.view().activeElements).toEqual({ appraise: 1 });
    expect(d2.engine.view().variables).toEqual({ applicant: 'An', received: true });
    d2.send({ kind: 'userTaskCompleted', taskId: open.taskId, variables: { ok: true } });
    expect(d2.task('sign')).toBeDefined(); // the new version's path after the migrated step
    d2.completeTask('sign');
    expect(d2.ended?.state).toBe('COMPLETED');
    expect(d2.trace()).toEqual(['appraise', 'sign', 'e']);
  });

  it('an element of the same id and type maps to itself; the added step before it is simply not run', async () => {
    const [g1, g2] = [await graphOf(V1), await graphOf(V2)];
    const d = await Driver.start(g1);
    const out = migrateState(d.engine.snapshot() as EngineState, g1, g2, {});
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    expect(out.applied).toEqual({ receive: 'receive' });
    const d2 = continueOn(g2, out.state);
    d2.send({ kind: 'userTaskCompleted', taskId: d.task('receive').taskId });
    expect(d2.task('check')).toBeDefined();
  });

  it('refuses an unmapped active element, an unknown target, a type change and a scope change, naming each element', async () => {
    const [g1, g2] = [await graphOf(V1), await graphOf(V2)];
    const d = await Driver.start(g1);
    d.completeTask('receive');
    const state = d.engine.snapshot() as EngineState;
    const unmapped = migrateState(state, g1, g2, {});
    expect(unmapped).toEqual({ ok: false, problems: [expect.objectContaining({ elementId: 'review', reason: 'unmapped' })] });
    expect(migrateState(state, g1, g2, { review: 'nope' })).toMatchObject({ ok: false, problems: [{ elementId: 'review', reason: 'unknown-target', target: 'nope' }] });
    expect(migrateState(state, g1, g2, { review: 'e' })).toMatchObject({ ok: false, problems: [{ elementId: 'review', reason: 'type-mismatch', target: 'e' }] });

    const g3 = await graphOf(
      bpmn(`${S}<bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/>${task('inner')}<bpmn:endEvent id="se"/>${flow('h1', 'ss', 'inner')}${flow('h2', 'inner', 'se')}</bpmn:subProcess>${E}${flow('f1', 's', 'sub')}${flow('f2', 'sub', 'e')}`),
    );
    expect(migrateState(state, g1, g3, { review: 'inner' })).toMatchObject({ ok: false, problems: [{ elementId: 'review', reason: 'scope-mismatch', target: 'inner' }] });
  });

  it('moves waiting events (a boundary timer keeps its timer id) and tokens at a parallel join', async () => {
    const boundary = (task: string, ev: string) => `<bpmn:boundaryEvent id="${ev}" attachedToRef="${task}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
    const model = (t: string, ev: string) =>
      bpmn(
        `${S}<bpmn:parallelGateway id="fork"/>${task(t)}${boundary(t, ev)}<bpmn:serviceTask id="auto"/><bpmn:parallelGateway id="join"/><bpmn:endEvent id="late"/>${E}` +
          `${flow('f1', 's', 'fork')}${flow('f2', 'fork', t)}${flow('f3', 'fork', 'auto')}${flow('f4', t, 'join')}${flow('f5', 'auto', 'join')}${flow('f6', 'join', 'e')}${flow('f7', ev, 'late')}`,
      );
    const [g1, g2] = [await graphOf(model('a', 'deadline')), await graphOf(model('b', 'deadline2'))];
    const d = await Driver.start(g1);
    d.completeJob('auto'); // one token waits at the join
    const timerId = d.timer('deadline').timerId;
    const state = d.engine.snapshot() as EngineState;
    expect(migrateState(state, g1, g2, { a: 'b' })).toMatchObject({ ok: false, problems: [{ elementId: 'deadline', reason: 'unmapped' }] });
    const out = migrateState(state, g1, g2, { a: 'b', deadline: 'deadline2' });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    expect(Object.values(out.state.subs)).toEqual([expect.objectContaining({ elementId: 'deadline2', timerId })]);
    const d2 = continueOn(g2, out.state);
    d2.send({ kind: 'userTaskCompleted', taskId: d.task('a').taskId });
    expect(d2.ended?.state).toBe('COMPLETED');
    expect(d2.trace()).toEqual(['b', 'join', 'e']);
  });
});
