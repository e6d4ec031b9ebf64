/**
 * WCP 9, 15, 17 and 18, expressed with supported BPMN constructs (the direct BPMN
 * constructs — complex gateway, dynamic MI, ad-hoc subprocess — are rejected at deploy;
 * docs/engine.md says why and how each is drawn instead).
 */
import { Driver } from './driver';

const active = (d: Driver) => d.engine.view().activeElements;

describe('workflow control-flow patterns, the harder ones', () => {
  it('WCP-9 structured discriminator: D starts after the first branch, once; the next step waits for every branch', async () => {
    const d = await Driver.start('wcp-09-structured-discriminator.bpmn');
    expect(active(d)).toMatchObject({ A: 1, B: 1, C: 1, firstArrived: 1 });
    d.completeTask('B');
    expect(active(d)).toEqual({ A: 1, C: 1, D: 1, round: 1 });
    d.completeTask('A');
    d.completeTask('D');
    expect(d.ended).toBeUndefined();
    d.completeTask('C');
    expect(d.completed()).toMatchObject({ A: 1, B: 1, C: 1, firstArrived: 1, D: 1, round: 1, end: 1 });
    expect(d.trace().indexOf('D')).toBeLessThan(d.trace().indexOf('countC'));
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('WCP-15 multiple instances without a priori run-time knowledge: instances are added while others run', async () => {
    const d = await Driver.start('wcp-15-mi-without-runtime-knowledge.bpmn');
    d.message('addReviewer', undefined, { reviewer: 'lan' });
    d.message('addReviewer', undefined, { reviewer: 'minh' });
    d.completeTask('review');
    d.message('addReviewer', undefined, { reviewer: 'hoa' });
    expect([...d.tasks.values()].map((t) => t.assignee)).toEqual(['minh', 'hoa']);
    d.message('closeIntake');
    expect(active(d)).toEqual({ reviews: 1, oneReview: 2, review: 2 });
    d.completeTask('review');
    d.completeTask('review');
    expect(active(d)).toEqual({ decide: 1 });
    d.message('addReviewer', undefined, { reviewer: 'late' });
    expect(d.tasks.size).toBe(1);
    d.completeTask('decide');
    expect(d.completed()).toMatchObject({ added: 3, review: 3, intakeClosed: 1, reviews: 1, decide: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it.each([
    [undefined, ['A', 'B', 'C']],
    [['C', 'A', 'B'], ['C', 'A', 'B']],
  ])('WCP-17 interleaved parallel routing: every activity once, one at a time, in the order %j chosen at run time', async (order, expected) => {
    const d = await Driver.start('wcp-17-interleaved-parallel-routing.bpmn', order ? { order } : {});
    const seen: string[] = [];
    while (d.tasks.size) {
      expect(d.tasks.size).toBe(1);
      const t = [...d.tasks.values()][0];
      seen.push(t.elementId);
      d.completeTask(t.elementId);
    }
    expect(seen).toEqual(expected);
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it('WCP-18 milestone: the amendment runs only while the draft is open; a request waits for the milestone; after publication none is taken', async () => {
    const d = await Driver.start('wcp-18-milestone.bpmn');
    d.message('requestAmendment'); // too early: kept until the milestone is reached
    expect(active(d)).toEqual({ draft: 1 });
    d.completeTask('draft');
    expect(active(d)).toEqual({ amend: 1 });
    d.completeTask('amend');
    d.message('requestAmendment');
    d.completeTask('amend');
    d.message('publish');
    d.message('requestAmendment'); // the milestone has passed
    expect(active(d)).toEqual({ archive: 1 });
    d.completeTask('archive');
    expect(d.completed()).toMatchObject({ draft: 1, requested: 2, amend: 2, published: 1, archive: 1, end: 1 });
    expect(d.ended?.state).toBe('COMPLETED');
  });
});
