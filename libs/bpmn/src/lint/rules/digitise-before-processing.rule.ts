import { solveMustFacts } from '../model/must-facts.util';
import { label, tthcRule } from './tthc-rule.util';

const PROCESSING = new Set(['approve', 'sign', 'return']);

/**
 * `tthc/digitise-before-processing`: every path from `receive` to `approve`/`sign`/`return`
 * passes (completes) a `digitise` step. Fact: "digitised since the last receive".
 */
export const digitiseBeforeProcessing = tthcRule('digitise-before-processing', (graph, report) => {
  const facts = solveMustFacts(
    graph,
    graph.starts.map((s) => [s, { digitised: true }]), // before receive: not this rule's concern
    (node, f) => {
      if (node.step === 'receive') return { completed: { digitised: false }, interrupted: { digitised: false } };
      return { completed: { digitised: f.digitised || node.step === 'digitise' }, interrupted: f };
    },
    ['digitised'],
  );
  for (const [key, f] of facts) {
    const node = graph.nodes.get(key)!;
    if (f.digitised || !node.step || !PROCESSING.has(node.step)) continue;
    report(node.elementId,
      `Step ${label(node.el)} (${node.step}) can be reached after receive without a digitise step`,
      `Bước ${label(node.el)} (${node.step}) có thể diễn ra sau khi tiếp nhận mà chưa qua bước số hóa hồ sơ`);
  }
});
