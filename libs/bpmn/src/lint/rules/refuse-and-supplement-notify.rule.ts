import type { FlowGraph } from '../model/flow-graph';
import { explore, pass, STOP } from '../model/explore.util';
import { tthcAttr } from '../model/tthc-attrs.util';
import { label, tthcRule } from './tthc-rule.util';

/** The written notice each step must produce (TT 01/2018 and TT 03/2025 keep these numbers). */
export const REQUIRED_NOTICE: Record<string, { notice: string; vi: string }> = {
  supplement: { notice: 'Mau02', vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)' },
  refuse: { notice: 'Mau03', vi: 'Phiếu từ chối tiếp nhận, giải quyết hồ sơ (Mẫu 03)' },
};

/**
 * `tthc/refuse-and-supplement-notify`: a `refuse` step produces Mẫu 03 and a `supplement`
 * step Mẫu 02. Expressed as `tthc:notice="Mau03"` / `"Mau02"` on the step itself, or on a
 * `notify` step that every path leaving it reaches before any other step or end.
 */
export const refuseAndSupplementNotify = tthcRule('refuse-and-supplement-notify', (graph, report) => {
  for (const node of graph.nodes.values()) {
    const required = node.step ? REQUIRED_NOTICE[node.step] : undefined;
    if (!required) continue;
    const own = tthcAttr(node.el, 'notice');
    if (own === required.notice) continue;
    if (own !== undefined) {
      report(node.elementId,
        `Step ${label(node.el)} (${node.step}) carries tthc:notice="${own}" but must produce ${required.notice}`,
        `Bước ${label(node.el)} (${node.step}) khai báo tthc:notice="${own}" nhưng phải lập ${required.vi}`);
      continue;
    }
    if (followedByNotice(graph, node.next, required.notice)) continue;
    report(node.elementId,
      `Step ${label(node.el)} (${node.step}) does not produce the written notice: set tthc:notice="${required.notice}" or follow it with a notify step carrying it`,
      `Bước ${label(node.el)} (${node.step}) không lập thông báo bằng văn bản: đặt tthc:notice="${required.notice}" hoặc tiếp theo bằng bước thông báo (notify) lập ${required.vi}`);
  }
});

/** Every path from `next` meets a `notify` step with the notice before any other step or end. */
function followedByNotice(graph: FlowGraph, next: string[], notice: string): boolean {
  if (next.length === 0) return false;
  let ok = true;
  explore(graph, next.map((k) => [k, 0] as [string, number]), (node, s) => {
    if (node.step === 'notify' && tthcAttr(node.el, 'notice') === notice) return STOP;
    if (node.step || node.processEnd || node.next.length === 0) {
      ok = false;
      return STOP;
    }
    return pass(s);
  });
  return ok;
}
