import type { FlowGraph } from '../model/flow-graph';
import { explore, pass, STOP } from '../model/explore.util';
import { tthcAttr, workingTimerDuration } from '../model/tthc-attrs.util';
import { formatWorkingHours, WORKING_HOURS_PER_DAY, workingHoursOf } from '../model/working-duration.util';
import { label, tthcRule } from './tthc-rule.util';

/**
 * Latest working-time offset (hours) of the apology timer: the due date − 1 working day.
 * Procedures of at most one working day (e.g. chứng thực, same day) cannot leave a full day,
 * so their timer must fire before the single working day is over.
 */
export function apologyLimitHours(statutoryDays: number): { hours: number; inclusive: boolean } {
  return statutoryDays >= 2
    ? { hours: (statutoryDays - 1) * WORKING_HOURS_PER_DAY, inclusive: true }
    : { hours: WORKING_HOURS_PER_DAY, inclusive: false };
}

/**
 * `tthc/statutory-deadline`: the process declares `tthc:statutoryDays`, and an overdue path
 * exists: a working-time timer (boundary event or event-subprocess start) at the due date −
 * 1 working day, from which an `apology` step is reachable.
 */
export const statutoryDeadline = tthcRule('statutory-deadline', (graph, report) => {
  const processId = String(graph.process.id);
  const raw = tthcAttr(graph.process, 'statutoryDays');
  const days = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(days) || days < 0) {
    report(processId,
      raw === undefined
        ? 'Process does not declare tthc:statutoryDays (the statutory time limit in working days)'
        : `tthc:statutoryDays="${raw}" is not a whole number of working days`,
      raw === undefined
        ? 'Quy trình chưa khai báo tthc:statutoryDays (thời hạn giải quyết theo quy định, tính theo ngày làm việc)'
        : `tthc:statutoryDays="${raw}" không phải số ngày làm việc hợp lệ`);
    return;
  }
  const limit = apologyLimitHours(days);
  const timers = apologyTimers(graph);
  const onTime = timers.filter((t) => t.hours !== null && (limit.inclusive ? t.hours <= limit.hours : t.hours < limit.hours));
  if (onTime.length > 0) return;
  const found = timers.length
    ? ` (found ${timers.map((t) => `${t.id} = ${t.duration}`).join(', ')})`
    : '';
  const bound = limit.inclusive ? `at most ${formatWorkingHours(limit.hours)}` : `less than ${formatWorkingHours(limit.hours)}`;
  const boundVi = `${limit.inclusive ? 'tối đa' : 'ít hơn'} ${formatWorkingHours(limit.hours, 'vi')}`;
  const foundVi = timers.length ? ` (hiện có ${timers.map((t) => `${t.id} = ${t.duration}`).join(', ')})` : '';
  report(processId,
    `No overdue path: add a working-time timer (tthc:calendar="working", ${bound}) on a boundary or event-subprocess start that leads to an apology step${found}`,
    `Thiếu luồng quá hạn: cần bộ hẹn giờ theo giờ làm việc (tthc:calendar="working", ${boundVi}) trên sự kiện biên hoặc sự kiện bắt đầu của tiến trình con sự kiện, dẫn tới bước xin lỗi (Mẫu 04)${foundVi}`);
});

interface ApologyTimer {
  id: string;
  duration: string;
  hours: number | null;
}

/** Working-time timers (boundary or event-subprocess start) from which an apology step is reachable. */
function apologyTimers(graph: FlowGraph): ApologyTimer[] {
  const candidates = [...graph.nodes.values()].filter(
    (n) => graph.eventStarts.includes(n.key) || n.el.$instanceOf('bpmn:BoundaryEvent'),
  );
  const out: ApologyTimer[] = [];
  for (const timer of candidates) {
    const duration = workingTimerDuration(timer.el);
    if (duration === undefined || !reachesApology(graph, timer.key)) continue;
    out.push({ id: label(timer.el), duration, hours: workingHoursOf(duration) });
  }
  return out;
}

function reachesApology(graph: FlowGraph, from: string): boolean {
  let found = false;
  explore(graph, [[from, 0]], (node, s) => {
    if (node.step === 'apology') found = true;
    return found ? STOP : pass(s);
  });
  return found;
}
