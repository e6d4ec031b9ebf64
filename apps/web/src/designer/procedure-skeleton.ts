import type { ProcedureView } from '@tthc/contracts';
import { RESUBMISSION_MESSAGE, apologyTimerDuration } from './one-stop-blocks';

/** XML-safe text */
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Node {
  id: string;
  xml: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const centre = (n: Node) => ({ x: n.x + n.w / 2, y: n.y + n.h / 2 });

/** right-angled route from shape to shape, leaving and entering at the borders */
function route(a: Node, b: Node): Array<{ x: number; y: number }> {
  const ca = centre(a);
  const cb = centre(b);
  if (ca.y === cb.y)
    return ca.x < cb.x
      ? [
          { x: a.x + a.w, y: ca.y },
          { x: b.x, y: cb.y },
        ]
      : [
          { x: a.x, y: ca.y },
          { x: b.x + b.w, y: cb.y },
        ];
  const down = cb.y > ca.y;
  const from = { x: ca.x, y: down ? a.y + a.h : a.y };
  // straight up/down when the target lies across the source's vertical line
  if (ca.x >= b.x && ca.x <= b.x + b.w) return [from, { x: ca.x, y: down ? b.y : b.y + b.h }];
  return [from, { x: ca.x, y: cb.y }, { x: ca.x < cb.x ? b.x : b.x + b.w, y: cb.y }];
}

/**
 * The compliant skeleton of a catalog procedure (the "new procedure" wizard): receive →
 * check (valid / supplement with the resubmission message / refuse) → digitise → review →
 * approve → sign → return, an apology raised one working day before the due date, every
 * process attribute from the catalog (code, agency, statutory days, cut-off). It passes the
 * TTHC lint as it is; the analyst then adapts units and steps.
 */
export function procedureSkeletonXml(p: ProcedureView, processKey: string): string {
  const task = (id: string, x: number, y: number, name: string, attrs: string): Node => ({
    id,
    x,
    y,
    w: 110,
    h: 80,
    xml: `<bpmn:userTask id="${id}" name="${esc(name)}" ${attrs} />`,
  });
  const ev = (id: string, x: number, y: number, xml: string): Node => ({ id, x, y, w: 36, h: 36, xml });
  const Y = 140;
  const nodes: Node[] = [
    ev('Start_NopHoSo', 100, Y + 22, `<bpmn:startEvent id="Start_NopHoSo" name="Hồ sơ được nộp" />`),
    task(
      'Task_TiepNhan',
      180,
      Y,
      'Tiếp nhận, kiểm tra hồ sơ',
      'tthc:step="receive" tthc:candidateGroups="MOTCUA" tthc:due="PT8H"',
    ),
    {
      id: 'Gateway_KiemTra',
      x: 335,
      y: Y + 15,
      w: 50,
      h: 50,
      xml: '<bpmn:exclusiveGateway id="Gateway_KiemTra" name="Kết quả kiểm tra" default="Flow_HopLe" />',
    },
    task('Task_SoHoa', 430, Y, 'Số hóa hồ sơ', 'tthc:step="digitise" tthc:candidateGroups="MOTCUA"'),
    task('Task_ThamDinh', 590, Y, 'Thẩm định hồ sơ', 'tthc:step="review" tthc:candidateGroups="CHUYENMON"'),
    task('Task_PheDuyet', 750, Y, 'Phê duyệt kết quả', 'tthc:step="approve" tthc:candidateGroups="LANHDAO"'),
    task('Task_KySo', 910, Y, 'Ký số kết quả', 'tthc:step="sign" tthc:candidateGroups="LANHDAO"'),
    task('Task_TraKetQua', 1070, Y, 'Trả kết quả', 'tthc:step="return" tthc:candidateGroups="MOTCUA"'),
    ev('End_DaTra', 1230, Y + 22, '<bpmn:endEvent id="End_DaTra" name="Đã trả kết quả" />'),
    task(
      'Task_BoSung',
      310,
      Y + 160,
      'Yêu cầu bổ sung, hoàn thiện hồ sơ',
      'tthc:step="supplement" tthc:candidateGroups="MOTCUA" tthc:notice="Mau02"',
    ),
    ev(
      'Catch_BoSung',
      212,
      Y + 182,
      `<bpmn:intermediateCatchEvent id="Catch_BoSung" name="Đã nhận hồ sơ bổ sung"><bpmn:messageEventDefinition messageRef="Message_HoSoBoSung" /></bpmn:intermediateCatchEvent>`,
    ),
    task(
      'Task_TuChoi',
      310,
      Y - 160,
      'Từ chối tiếp nhận hồ sơ',
      'tthc:step="refuse" tthc:candidateGroups="MOTCUA" tthc:notice="Mau03"',
    ),
    ev('End_TuChoi', 470, Y - 138, '<bpmn:endEvent id="End_TuChoi" name="Đã từ chối" />'),
    task(
      'Task_XinLoi',
      750,
      Y + 160,
      'Lập phiếu xin lỗi, hẹn lại ngày trả',
      'tthc:step="apology" tthc:candidateGroups="CHUYENMON" tthc:notice="Mau04"',
    ),
    ev('End_DaXinLoi', 910, Y + 182, '<bpmn:endEvent id="End_DaXinLoi" name="Đã xin lỗi" />'),
  ];
  const boundary: Node = ev(
    'Boundary_TruocHan',
    632,
    Y + 62,
    `<bpmn:boundaryEvent id="Boundary_TruocHan" name="Trước hạn 1 ngày làm việc" attachedToRef="Task_ThamDinh" cancelActivity="false"><bpmn:timerEventDefinition tthc:calendar="working"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${apologyTimerDuration(p.statutoryDays)}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
  );
  const all = [...nodes, boundary];
  const at = (id: string) => all.find((n) => n.id === id)!;
  const flows: Array<[string, string, string, string?, string?]> = [
    ['Flow_Start', 'Start_NopHoSo', 'Task_TiepNhan'],
    ['Flow_KiemTra', 'Task_TiepNhan', 'Gateway_KiemTra'],
    ['Flow_HopLe', 'Gateway_KiemTra', 'Task_SoHoa', 'Hợp lệ'],
    ['Flow_CanBoSung', 'Gateway_KiemTra', 'Task_BoSung', 'Cần bổ sung', '=ketQuaKiemTra = "bo-sung"'],
    ['Flow_KhongDu', 'Gateway_KiemTra', 'Task_TuChoi', 'Không đủ điều kiện', '=ketQuaKiemTra = "tu-choi"'],
    ['Flow_ChoBoSung', 'Task_BoSung', 'Catch_BoSung'],
    ['Flow_NhanBoSung', 'Catch_BoSung', 'Task_TiepNhan'],
    ['Flow_TuChoi', 'Task_TuChoi', 'End_TuChoi'],
    ['Flow_SoHoa', 'Task_SoHoa', 'Task_ThamDinh'],
    ['Flow_ThamDinh', 'Task_ThamDinh', 'Task_PheDuyet'],
    ['Flow_PheDuyet', 'Task_PheDuyet', 'Task_KySo'],
    ['Flow_KySo', 'Task_KySo', 'Task_TraKetQua'],
    ['Flow_TraKetQua', 'Task_TraKetQua', 'End_DaTra'],
    ['Flow_TruocHan', 'Boundary_TruocHan', 'Task_XinLoi'],
    ['Flow_XinLoi', 'Task_XinLoi', 'End_DaXinLoi'],
  ];
  const attrs = [
    `tthc:procedureCode="${esc(p.code)}"`,
    `tthc:statutoryDays="${p.statutoryDays}"`,
    p.cutoff ? `tthc:cutoff="${esc(p.cutoff)}"` : '',
    `tthc:agency="${esc(p.agency)}"`,
  ]
    .filter(Boolean)
    .join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="Definitions_${processKey.replace(/[^\w]/g, '_')}" targetNamespace="https://tthc.dev/processes">
  <bpmn:message id="Message_HoSoBoSung" name="${RESUBMISSION_MESSAGE}" />
  <bpmn:process id="${esc(processKey)}" name="${esc(p.name)}" isExecutable="true" ${attrs}>
    ${all.map((n) => n.xml).join('\n    ')}
    ${flows
      .map(([id, s, tg, name, cond]) =>
        cond
          ? `<bpmn:sequenceFlow id="${id}" name="${esc(name!)}" sourceRef="${s}" targetRef="${tg}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(cond)}</bpmn:conditionExpression></bpmn:sequenceFlow>`
          : `<bpmn:sequenceFlow id="${id}"${name ? ` name="${esc(name)}"` : ''} sourceRef="${s}" targetRef="${tg}" />`,
      )
      .join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${esc(processKey)}">
      ${all.map((n) => `<bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" /></bpmndi:BPMNShape>`).join('\n      ')}
      ${flows
        .map(
          ([id, s, tg]) =>
            `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${route(at(s), at(tg))
              .map((p) => `<di:waypoint x="${p.x}" y="${p.y}" />`)
              .join('')}</bpmndi:BPMNEdge>`,
        )
        .join('\n      ')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
