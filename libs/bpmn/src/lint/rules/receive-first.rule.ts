import { explore, pass, STOP } from '../model/explore.util';
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
  explore(graph, graph.starts.map((s) => [s, 0] as [string, number]), (node, state) => {
    if (node.step === 'receive') return STOP;
    if (node.step) {
      report(node.elementId,
        `Step ${label(node.el)} (${node.step}) can be reached before the dossier is received; every path from the start must reach a receive step first`,
        `Bước ${label(node.el)} (${node.step}) có thể diễn ra trước khi tiếp nhận hồ sơ; mọi luồng từ sự kiện bắt đầu phải qua bước tiếp nhận trước`);
      return STOP;
    }
    return pass(state);
  });
});
