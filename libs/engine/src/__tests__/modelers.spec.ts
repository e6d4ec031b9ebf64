/**
 * Diagrams as other modelers export them (fixtures/modelers): each compiles and runs
 * through the engine with its vendor attributes honoured or ignored as documented.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests compile real BPMN with the real compiler
import { compileBpmn } from '@tthc/bpmn';
import { Driver, fixture } from './driver';

/** as the product runs them (runProcess turns Camunda 8 condition semantics on) */
const C8 = { strictConditions: true };

const file = (name: string) => fixture(`modelers/${name}`);

describe('exports of other modelers run', () => {
  it('Camunda Modeler 5 for Camunda 8: zeebe task type, io mappings, correlation key, MI, called element', async () => {
    const d = await Driver.start(file('camunda8-permit.bpmn'), { application: { id: 'A-1', documents: ['id-card'] }, units: ['urban', 'fire'] }, undefined, C8);
    const check = d.job('Activity_check');
    expect(check).toMatchObject({ taskType: 'check-documents', retries: 5, headers: { agency: 'construction' } });
    expect(check.variables.docs).toEqual(['id-card']);
    d.completeJob('Activity_check', { missing: ['land deed'] });
    expect(d.vars).toMatchObject({ applicationId: 'A-1', missingDocs: ['land deed'] });
    expect(d.engine.subscriptions().messages).toEqual([{ name: 'supplement', correlationKey: 'A-1' }]);
    d.message('supplement', 'A-2'); // another dossier's supplement: buffered, not taken
    expect(d.engine.view().activeElements).toEqual({ Activity_supplement: 1 });
    d.message('supplement', 'A-1', { supplied: true });
    expect([...d.tasks.values()].map((t) => [t.candidateGroups, t.formKey])).toEqual([[['urban'], 'review-form'], [['fire'], 'review-form']]);
    d.completeTask('Activity_review', { opinion: 'ok' });
    d.completeTask('Activity_review', { opinion: 'needs fire exit' });
    const child = [...d.children.values()][0];
    expect(child).toMatchObject({ processKey: 'fee-collection', variables: expect.objectContaining({ ref: 'A-1' }) });
    d.send({ kind: 'childCompleted', childId: child.childId, variables: { receipt: 'R-9', internal: 1 } });
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.trace()).toEqual(['StartEvent_1', 'Activity_check', 'Gateway_complete', 'Activity_supplement', 'Gateway_merge', 'Activity_review', 'Activity_review', 'Activity_fee', 'Event_issued']);
    expect(d.vars).toMatchObject({ opinions: ['ok', 'needs fire exit'], feeReceipt: 'R-9', supplied: true });
    expect(d.vars.internal).toBeUndefined();
  });

  it('Camunda Modeler for Camunda 7: camunda: attributes, JUEL conditions, a loop back through the gateway', async () => {
    const d = await Driver.start(file('camunda7-leave.bpmn'), { balance: 10 }, undefined, C8);
    expect(d.task('Task_approve')).toMatchObject({ candidateGroups: ['managers', 'hr'], formKey: 'camunda-forms:app:approve.form' });
    d.completeTask('Task_approve', { approved: true, days: 12 });
    d.completeTask('Task_approve', { approved: true, days: 4 });
    expect(d.job('Task_book').taskType).toBe('book-leave');
    d.completeJob('Task_book');
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.vars.remaining).toBe(6);
    expect(d.trace()).toEqual(['StartEvent_1', 'Task_approve', 'Gateway_decision', 'Task_approve', 'Gateway_decision', 'Task_book', 'Task_remaining', 'End_booked']);
  });

  it('demo.bpmn.io: bpmn2: prefix, isExecutable="false", pools, lanes, black-box participant, DI', async () => {
    const r = await compileBpmn(file('bpmn-io-demo.bpmn'));
    expect(r.processes.map((p) => p.key)).toEqual(['Process_1']);
    expect(r.warnings.map((w) => w.rule)).toEqual(['process-not-executable']);
    const d = await Driver.start(r.processes[0].graph, {}, undefined, C8);
    expect(d.task('Activity_verify').name).toBe('Verify');
    expect(Object.keys(d.engine.view().activeElements).sort()).toEqual(['Activity_verify', 'Event_supplement']);
    d.message('supplement');
    expect(d.timer('Event_wait').timer).toEqual({ type: 'duration', value: 'P3D' });
    d.completeTask('Activity_verify');
    d.fireTimer('Event_wait');
    expect(d.ended?.state).toBe('COMPLETED');
    expect(d.completed()).toEqual({ StartEvent_1: 1, Activity_receive: 1, Gateway_split: 1, Activity_verify: 1, Event_supplement: 1, Event_wait: 1, Gateway_join: 1, Activity_decide: 1, Event_end: 1 });
  });

  it('bpmn.io without any isExecutable attribute: deploys without a warning and runs the same', async () => {
    const r = await compileBpmn(file('bpmn-io-demo.bpmn').replace(' isExecutable="false"', ''));
    expect(r.warnings).toEqual([]);
    const d = await Driver.start(r.processes[0].graph, {}, undefined, C8);
    d.message('supplement');
    d.completeTask('Activity_verify');
    d.fireTimer('Event_wait');
    expect(d.ended?.state).toBe('COMPLETED');
  });

  it.each([
    [{ sector: 'restaurant', employees: 3 }, ['sid-FIRE', 'sid-TAX']],
    [{ sector: 'retail', employees: 0 }, ['sid-FILE']],
  ])('Signavio: semantic: prefix, signavio metadata, no DI, inclusive split and join %j', async (vars, branches) => {
    const d = await Driver.start(file('signavio-license.bpmn'), vars, undefined, C8);
    d.completeTask('sid-CHECK');
    const active = Object.keys(d.engine.view().activeElements).sort();
    expect(active).toEqual(branches);
    d.autoComplete();
    expect(d.ended?.state).toBe('COMPLETED');
    const c = d.completed();
    for (const b of ['sid-FIRE', 'sid-TAX', 'sid-FILE']) expect(c[b] ?? 0).toBe(branches.includes(b) ? 1 : 0);
    expect(c).toMatchObject({ 'sid-OR-JOIN': 1, 'sid-ISSUE': 1, 'sid-END': 1 });
  });

  it('Bizagi / Trisotech style: default namespace, foreign extension elements, subprocess with a timer boundary', async () => {
    const onTime = await Driver.start(file('bizagi-complaint.bpmn'), {}, undefined, C8);
    onTime.completeTask('Id_hear');
    expect(onTime.trace()).toEqual(['Id_start', 'Id_sub_start', 'Id_hear', 'Id_sub_end', 'Id_investigate', 'Id_answer', 'Id_end']);
    const late = await Driver.start(file('bizagi-complaint.bpmn'), {}, undefined, C8);
    expect(late.timer('Id_deadline').timer).toEqual({ type: 'duration', value: 'P30D' });
    late.fireTimer('Id_deadline');
    expect(late.terminated()).toEqual(['Id_hear', 'Id_investigate']);
    late.completeTask('Id_escalate');
    expect(late.ended?.state).toBe('COMPLETED');
    expect(late.trace()).toEqual(['Id_start', 'Id_sub_start', 'Id_deadline', 'Id_escalate', 'Id_end']);
  });
});
