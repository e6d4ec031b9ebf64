import { is, tthcAttr, workingTimerDuration } from '../model/tthc-attrs.util';
import { workingHoursOf } from '../model/working-duration.util';
import { label, tthcRule } from './tthc-rule.util';

/** Online dossiers must be received within 8 working hours of submission (domain.md §3.3). */
export const RECEIPT_SLA_HOURS = 8;

/**
 * `tthc/online-receipt-sla`: the `receive` user task has `tthc:due` ≤ PT8H working time,
 * or a boundary timer with `tthc:calendar="working"` and a `timeDuration` ≤ PT8H.
 */
export const onlineReceiptSla = tthcRule('online-receipt-sla', (graph, report) => {
  for (const node of graph.nodes.values()) {
    if (node.step !== 'receive' || node.key.endsWith('#exit')) continue;
    const due = is(node.el, 'bpmn:UserTask') ? tthcAttr(node.el, 'due') : undefined;
    const dueHours = workingHoursOf(due);
    if (dueHours !== null && dueHours <= RECEIPT_SLA_HOURS) continue;
    const timerOk = node.boundaries.some((b) => {
      const hours = workingHoursOf(workingTimerDuration(graph.nodes.get(b)!.el));
      return hours !== null && hours <= RECEIPT_SLA_HOURS;
    });
    if (timerOk) continue;
    const why = due === undefined
      ? 'has no tthc:due and no working-time boundary timer'
      : dueHours === null
        ? `has tthc:due="${due}", which is not an ISO 8601 working-time duration`
        : `has tthc:due="${due}", longer than PT8H of working time`;
    const whyVi = due === undefined
      ? 'không có tthc:due và không có bộ hẹn giờ biên theo giờ làm việc'
      : dueHours === null
        ? `có tthc:due="${due}" không phải thời hạn ISO 8601 hợp lệ`
        : `có tthc:due="${due}" dài hơn 8 giờ làm việc`;
    report(node.elementId,
      `Receive step ${label(node.el)} ${why}; online dossiers must be received within PT8H of working time`,
      `Bước tiếp nhận ${label(node.el)} ${whyVi}; hồ sơ trực tuyến phải được tiếp nhận trong 8 giờ làm việc`);
  }
});
