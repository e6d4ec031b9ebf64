/**
 * A generated BPMN diagram with DI, laid out on a grid: one TTHC process (tthc:procedureCode,
 * tthc:statutoryDays, so every TTHC lint rule analyses it as it would a real procedure — without
 * a procedure code the rules skip the process), rows of
 * start → receive (+ a non-interrupting working-time timer → apology → end) → digitise →
 * (review → service task → XOR split → supplement → XOR join)* → approve → sign → return → end,
 * the split also bypassing the supplement (a condition on one branch, the other the default).
 * Valid under the TTHC lint: 0 findings, so no overlays. Element count = shapes + sequence
 * flows (what bpmn-js draws); rows are added until the requested count is reached.
 */
const W = 100, H = 80, GAP_X = 150, GAP_Y = 260;

interface Node { id: string; tag: string; attrs: string; body: string; x: number; y: number; w: number; h: number }
const user = (step: string, name: string, extra = '') => ` name="${name}" tthc:step="${step}" tthc:candidateGroups="MOTCUA"${extra}`;
interface Flow { id: string; from: Node; to: Node; attrs: string; body: string; bypass: boolean }

export function gridDiagram(targetElements: number, perRow = 5): { xml: string; elements: number; movable: string[] } {
  const nodes: Node[] = [];
  const flows: Flow[] = [];
  const at = (row: number, col: number, w: number, h: number) => ({ x: 50 + col * GAP_X + (W - w) / 2, y: 50 + row * GAP_Y + (H - h) / 2, w, h });
  let row = 0;
  while (nodes.length + flows.length < targetElements) {
    let col = 0;
    // `below`: placed under the last node of the main line (its own id, the column not advanced)
    const add = (tag: string, w: number, h: number, attrs = '', body = '', below?: { dx: number; dy: number }) => {
      const place = below ? { ...at(row, col - 1, w, h), x: at(row, col - 1, w, h).x + below.dx, y: at(row, col - 1, w, h).y + below.dy } : at(row, col++, w, h);
      const n: Node = { id: `${tag}_${row}_${col}${below ? `_${nodes.length}` : ''}`, tag, attrs, body, ...place };
      nodes.push(n);
      return n;
    };
    const flow = (from: Node, to: Node, attrs = '', body = '', bypass = false) => {
      const f: Flow = { id: `Flow_${from.id}_${to.id}`, from, to, attrs, body, bypass };
      flows.push(f);
      return f;
    };
    const start = add('startEvent', 36, 36, ' name="Nộp hồ sơ"');
    const receive = add('userTask', W, H, user('receive', `Tiếp nhận ${row}`, ' tthc:due="PT8H"'));
    flow(start, receive);
    // the overdue path: a working-time timer at statutoryDays − 1 working day → apology (a side branch)
    const timer = add('boundaryEvent', 36, 36, ` attachedToRef="${receive.id}" cancelActivity="false"`,
      '<bpmn:timerEventDefinition tthc:calendar="working"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT16H</bpmn:timeDuration></bpmn:timerEventDefinition>', { dx: 20, dy: 40 });
    const apology = add('userTask', W, H, user('apology', 'Xin lỗi, hẹn lại', ' tthc:notice="Mau04"'), '', { dx: 0, dy: 130 });
    const apologyEnd = add('endEvent', 36, 36, '', '', { dx: 118, dy: 130 });
    flow(timer, apology);
    flow(apology, apologyEnd);
    let prev = add('userTask', W, H, user('digitise', 'Số hóa'));
    flow(receive, prev);
    for (let u = 0; u < perRow; u++) {
      const review = add('userTask', W, H, user('review', `Thẩm định ${row}.${u}`, ' tthc:due="P3D"'));
      flow(prev, review);
      const svc = add('serviceTask', W, H, ` name="Cập nhật hồ sơ" tthc:taskType="noop"`);
      flow(review, svc);
      const split = add('exclusiveGateway', 50, 50, ' name="Đủ hồ sơ?"');
      flow(svc, split);
      const task = add('userTask', W, H, user('supplement', 'Bổ sung', ' tthc:notice="Mau02"'));
      const join = add('exclusiveGateway', 50, 50);
      const cond = flow(split, task, ' name="thiếu"', '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${!complete}</bpmn:conditionExpression>');
      flow(task, join);
      const byp = flow(split, join, ' name="đủ"', '', true);
      split.attrs += ` default="${byp.id}"`;
      void cond;
      prev = join;
    }
    for (const [step, name] of [['approve', 'Phê duyệt'], ['sign', 'Ký số'], ['return', 'Trả kết quả']]) {
      const next = add('userTask', W, H, user(step, name));
      flow(prev, next);
      prev = next;
    }
    flow(prev, add('endEvent', 36, 36, ' name="Kết thúc"'));
    row++;
  }
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const f of flows) {
    (outgoing.get(f.from.id) ?? outgoing.set(f.from.id, []).get(f.from.id)!).push(f.id);
    (incoming.get(f.to.id) ?? incoming.set(f.to.id, []).get(f.to.id)!).push(f.id);
  }
  const sem = [
    ...nodes.map((n) => {
      const refs = [...(incoming.get(n.id) ?? []).map((i) => `<bpmn:incoming>${i}</bpmn:incoming>`), ...(outgoing.get(n.id) ?? []).map((o) => `<bpmn:outgoing>${o}</bpmn:outgoing>`)].join('');
      return `<bpmn:${n.tag} id="${n.id}"${n.attrs}>${refs}${n.body}</bpmn:${n.tag}>`;
    }),
    ...flows.map((f) => `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from.id}" targetRef="${f.to.id}"${f.attrs}>${f.body}</bpmn:sequenceFlow>`),
  ].join('\n');
  const di = [
    ...nodes.map((n) => `<bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${n.tag === 'exclusiveGateway' ? ' isMarkerVisible="true"' : ''}><dc:Bounds x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" /></bpmndi:BPMNShape>`),
    ...flows.map((f) => {
      const a = { x: f.from.x + f.from.w, y: f.from.y + f.from.h / 2 };
      const b = { x: f.to.x, y: f.to.y + f.to.h / 2 };
      const pts = f.bypass
        ? [{ x: f.from.x + f.from.w / 2, y: f.from.y + f.from.h }, { x: f.from.x + f.from.w / 2, y: f.from.y + 70 }, { x: f.to.x + f.to.w / 2, y: f.from.y + 70 }, { x: f.to.x + f.to.w / 2, y: f.to.y + f.to.h }]
        : [a, b];
      return `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${pts.map((p) => `<di:waypoint x="${p.x}" y="${p.y}" />`).join('')}</bpmndi:BPMNEdge>`;
    }),
  ].join('\n');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="Defs_W7" targetNamespace="https://tthc.dev/bench">
<bpmn:process id="W7_Grid" name="W7 lưới" isExecutable="true" tthc:procedureCode="W7.GRID" tthc:statutoryDays="3">
${sem}
</bpmn:process>
<bpmndi:BPMNDiagram id="W7_Diagram"><bpmndi:BPMNPlane id="W7_Plane" bpmnElement="W7_Grid">
${di}
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
  const movable = nodes.filter((n) => n.tag === 'serviceTask').map((n) => n.id);
  return { xml, elements: nodes.length + flows.length, movable };
}
