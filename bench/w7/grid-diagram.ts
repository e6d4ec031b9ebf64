/**
 * A generated BPMN diagram with DI, laid out on a grid: one process, rows of
 * start → (user task → service task → XOR split → task → XOR join)* → end, the split
 * also bypassing the task (a condition on one branch, the other the default).
 * Element count = shapes + sequence flows (what bpmn-js draws); rows are added until
 * the requested count is reached.
 */
const W = 100, H = 80, GAP_X = 150, GAP_Y = 160;

interface Node { id: string; tag: string; attrs: string; body: string; x: number; y: number; w: number; h: number }
interface Flow { id: string; from: Node; to: Node; attrs: string; body: string; bypass: boolean }

export function gridDiagram(targetElements: number, perRow = 5): { xml: string; elements: number; movable: string[] } {
  const nodes: Node[] = [];
  const flows: Flow[] = [];
  const at = (row: number, col: number, w: number, h: number) => ({ x: 50 + col * GAP_X + (W - w) / 2, y: 50 + row * GAP_Y + (H - h) / 2, w, h });
  let row = 0;
  while (nodes.length + flows.length < targetElements) {
    let col = 0;
    const add = (tag: string, w: number, h: number, attrs = '', body = '') => {
      const n: Node = { id: `${tag}_${row}_${col}`, tag, attrs, body, ...at(row, col++, w, h) };
      nodes.push(n);
      return n;
    };
    const flow = (from: Node, to: Node, attrs = '', body = '', bypass = false) => {
      const f: Flow = { id: `Flow_${from.id}_${to.id}`, from, to, attrs, body, bypass };
      flows.push(f);
      return f;
    };
    let prev = add('startEvent', 36, 36, ' name="Tiếp nhận"');
    for (let u = 0; u < perRow; u++) {
      const user = add('userTask', W, H, ` name="Thẩm định ${row}.${u}" tthc:candidateGroups="MOTCUA" tthc:due="P3D"`);
      flow(prev, user);
      const svc = add('serviceTask', W, H, ` name="Cập nhật hồ sơ" tthc:taskType="noop"`);
      flow(user, svc);
      const split = add('exclusiveGateway', 50, 50, ' name="Đủ hồ sơ?"');
      flow(svc, split);
      const task = add('userTask', W, H, ` name="Bổ sung" tthc:candidateGroups="CHUYENVIEN"`);
      const join = add('exclusiveGateway', 50, 50);
      const cond = flow(split, task, ' name="thiếu"', '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${!complete}</bpmn:conditionExpression>');
      flow(task, join);
      const byp = flow(split, join, ' name="đủ"', '', true);
      split.attrs += ` default="${byp.id}"`;
      void cond;
      prev = join;
    }
    flow(prev, add('endEvent', 36, 36, ' name="Trả kết quả"'));
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
<bpmn:process id="W7_Grid" name="W7 lưới" isExecutable="true">
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
