import type { FlowGraph } from '../model/flow-graph';
import { explore, pass, STOP } from '../model/explore.util';
import { solveMustFacts } from '../model/must-facts.util';
import { is } from '../model/tthc-attrs.util';
import { label, tthcRule } from './tthc-rule.util';

const ANSWERS = new Set(['return', 'refuse']);

/**
 * `tthc/return-on-every-outcome`: every path to a none or terminate end event of the process
 * passes `return` or `refuse` — the citizen always gets an answer. A none end on a side branch
 * (forked by a non-interrupting event) does not end the process, so it is exempt; a terminate
 * end is never exempt. After a parallel split, when one branch answers on all its paths, the
 * process cannot finish unanswered, so its sibling branches count as answered.
 */
export const returnOnEveryOutcome = tthcRule('return-on-every-outcome', (graph, report) => {
  const seeds: Array<[string, { answered: boolean; side: boolean }]> = [
    ...graph.starts.map((s) => [s, { answered: false, side: false }] as [string, { answered: boolean; side: boolean }]),
    ...graph.eventStarts.map((s) => [s, { answered: false, side: false }] as [string, { answered: boolean; side: boolean }]),
  ];
  const facts = solveMustFacts(graph, seeds, (node, f) => {
    const side = f.side || !!node.sideBranch;
    let answered = f.answered || (!!node.step && ANSWERS.has(node.step));
    if (!answered && is(node.el, 'bpmn:ParallelGateway') && node.next.length > 1) {
      answered = node.next.some((branch) => branchAlwaysAnswers(graph, branch));
    }
    return { completed: { answered, side }, interrupted: { answered: f.answered, side } };
  }, ['answered']);
  for (const [key, f] of facts) {
    const node = graph.nodes.get(key)!;
    const end = node.processEnd;
    const counts = end === 'terminate' || (end === 'none' && !f.side && !node.sideBranch);
    if (!counts || f.answered) continue;
    report(node.elementId,
      `End event ${label(node.el)} can be reached without a return or refuse step: the applicant would get no answer`,
      `Sự kiện kết thúc ${label(node.el)} có thể đạt tới mà không qua bước trả kết quả hoặc từ chối: công dân không nhận được trả lời`);
  }
});

/** Every path from `start` passes return/refuse before it ends (or stops). */
function branchAlwaysAnswers(graph: FlowGraph, start: string): boolean {
  let ok = true;
  explore(graph, [[start, 0]], (node, s) => {
    if (node.step && ANSWERS.has(node.step)) return { completed: null, interrupted: s };
    if (node.processEnd || node.next.length === 0) {
      ok = false;
      return STOP;
    }
    return pass(s);
  });
  return ok;
}
