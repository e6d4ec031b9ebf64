import { explore } from '../model/explore.util';
import { label, tthcRule } from './tthc-rule.util';

interface PathState {
  answered: boolean;
  /** on a branch forked by a non-interrupting boundary event / event subprocess */
  side: boolean;
}

/**
 * `tthc/return-on-every-outcome`: every path to a none or terminate end event of the process
 * passes `return` or `refuse` — the citizen always gets an answer. A none end on a side branch
 * (forked by a non-interrupting event) does not end the process, so it is exempt; a
 * terminate end is never exempt.
 */
export const returnOnEveryOutcome = tthcRule('return-on-every-outcome', (graph, report) => {
  const seeds: Array<[string, PathState]> = [
    ...graph.starts.map((s) => [s, { answered: false, side: false }] as [string, PathState]),
    ...graph.eventStarts.map((s) => [s, { answered: false, side: false }] as [string, PathState]),
  ];
  explore(graph, seeds, (node, state) => {
    const here = node.sideBranch ? { ...state, side: true } : state;
    const end = node.processEnd;
    if ((end === 'none' && !here.side) || end === 'terminate') {
      if (!here.answered) {
        report(node.elementId,
          `End event ${label(node.el)} can be reached without a return or refuse step: the applicant would get no answer`,
          `Sự kiện kết thúc ${label(node.el)} có thể đạt tới mà không qua bước trả kết quả hoặc từ chối: công dân không nhận được trả lời`);
      }
    }
    const answered = here.answered || node.step === 'return' || node.step === 'refuse';
    return { completed: { ...here, answered }, interrupted: here };
  }, (s) => `${+s.answered}${+s.side}`);
});
