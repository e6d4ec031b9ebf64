import { explore, pass, STOP } from '../model/explore.util';
import { label, tthcRule } from './tthc-rule.util';

const PROCESSING = new Set(['approve', 'sign', 'return']);

/**
 * `tthc/digitise-before-processing`: every path from `receive` to `approve`/`sign`/`return`
 * passes (completes) a `digitise` step.
 */
export const digitiseBeforeProcessing = tthcRule('digitise-before-processing', (graph, report) => {
  const seeds: Array<[string, number]> = [];
  for (const node of graph.nodes.values()) {
    if (node.step !== 'receive') continue;
    for (const k of [...node.next, ...node.boundaries]) seeds.push([k, 0]);
  }
  explore(graph, seeds, (node, state) => {
    if (node.step === 'digitise') return { completed: null, interrupted: state };
    if (node.step && PROCESSING.has(node.step)) {
      report(node.elementId,
        `Step ${label(node.el)} (${node.step}) can be reached after receive without a digitise step`,
        `Bước ${label(node.el)} (${node.step}) có thể diễn ra sau khi tiếp nhận mà chưa qua bước số hóa hồ sơ`);
      return STOP;
    }
    return pass(state);
  });
});
