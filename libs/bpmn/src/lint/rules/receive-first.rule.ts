import { solveMustFacts } from '../model/must-facts.util';
import { label, tthcRule } from './tthc-rule.util';

/**
 * `tthc/receive-first`: every path from a start event of the process (not of an event
 * subprocess) reaches a `receive` step before any other `tthc:step`. Entering `receive`
 * is enough (a boundary timer on `receive` that escalates is after reception started).
 */
export const receiveFirst = tthcRule('receive-first', (graph, report) => {
  const receives = [...graph.nodes.values()].filter((n) => n.step === 'receive');
  if (receives.length === 0) {
    report(String(graph.process.id), 'Process has no receive step (tthc:step="receive")',
      'Quy trình không có bước tiếp nhận hồ sơ (tthc:step="receive")');
    return;
  }
  const facts = solveMustFacts(
    graph,
    graph.starts.map((s) => [s, { received: false }]),
    (node, f) => {
      const after = { received: f.received || node.step === 'receive' };
      return { completed: after, interrupted: after };
    },
    ['received'],
  );
  for (const [key, f] of facts) {
    const node = graph.nodes.get(key)!;
    if (f.received || !node.step || node.step === 'receive') continue;
    report(node.elementId,
      `Step ${label(node.el)} (${node.step}) can be reached before the dossier is received; every path from the start must reach a receive step first`,
      `Bước ${label(node.el)} (${node.step}) có thể diễn ra trước khi tiếp nhận hồ sơ; mọi luồng từ sự kiện bắt đầu phải qua bước tiếp nhận trước`);
  }
});
