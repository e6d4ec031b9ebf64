import { explore } from '../model/explore.util';
import { label, tthcRule } from './tthc-rule.util';

/**
 * `tthc/sign-before-return`: every path that reaches `return` passes a `sign` step after
 * the last `approve`/`review`. Path state: "signed since the last approve/review".
 */
export const signBeforeReturn = tthcRule('sign-before-return', (graph, report) => {
  const seeds = [...graph.starts, ...graph.eventStarts].map((s) => [s, false] as [string, boolean]);
  explore(graph, seeds, (node, signed) => {
    if (node.step === 'return' && !signed) {
      report(node.elementId,
        `Return step ${label(node.el)} can be reached without a sign step after the last approve/review`,
        `Bước trả kết quả ${label(node.el)} có thể diễn ra mà chưa ký số sau bước phê duyệt/xem xét cuối cùng`);
    }
    let after = signed;
    if (node.step === 'approve' || node.step === 'review') after = false;
    if (node.step === 'sign') after = true;
    return { completed: after, interrupted: signed };
  }, String);
});
