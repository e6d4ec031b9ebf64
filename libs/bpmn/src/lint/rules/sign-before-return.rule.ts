import { solveMustFacts } from '../model/must-facts.util';
import { label, tthcRule } from './tthc-rule.util';

/**
 * `tthc/sign-before-return`: every path that reaches `return` passes a `sign` step after
 * the last `approve`/`review`. Fact: "signed since the last approve/review".
 */
export const signBeforeReturn = tthcRule('sign-before-return', (graph, report) => {
  const facts = solveMustFacts(
    graph,
    [...graph.starts, ...graph.eventStarts].map((s) => [s, { signed: false }]),
    (node, f) => {
      let signed = f.signed;
      if (node.step === 'approve' || node.step === 'review') signed = false;
      if (node.step === 'sign') signed = true;
      return { completed: { signed }, interrupted: f };
    },
    ['signed'],
  );
  for (const [key, f] of facts) {
    const node = graph.nodes.get(key)!;
    if (node.step !== 'return' || f.signed) continue;
    report(node.elementId,
      `Return step ${label(node.el)} can be reached without a sign step after the last approve/review`,
      `Bước trả kết quả ${label(node.el)} có thể diễn ra mà chưa ký số sau bước phê duyệt/xem xét cuối cùng`);
  }
});
