/** One way out of the gateway that follows a task: what the clerk chooses at `receive`. */
export interface GatewayOption {
  flowId: string;
  /** the flow's name ("Hợp lệ", "Cần bổ sung", "Không đủ điều kiện") */
  label: string;
  /** `variable = "value"` of the flow's condition; absent on the default flow */
  variable?: string;
  value?: string;
  isDefault: boolean;
  /** `tthc:step` of the element the flow leads to (supplement, refuse…) */
  targetStep?: string;
}

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const TTHC = 'https://tthc.dev/schema/bpmn/1.0';
const EQUALS_TEXT = /^\s*=?\s*([A-Za-z_]\w*)\s*=\s*"([^"]*)"\s*$/;

/**
 * Reads the deployed BPMN: the exclusive gateway right after `taskElementId` and its
 * outgoing flows, each with the `variable = "value"` it tests. Used by the receive panel
 * to offer "accept / supplement / refuse" as the process itself names them.
 */
export function gatewayOptions(xml: string, taskElementId: string): GatewayOption[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return [];
  const all = Array.from(doc.getElementsByTagNameNS(BPMN, '*'));
  const byId = new Map(all.map((el) => [el.getAttribute('id') ?? '', el]));
  const flows = all.filter((el) => el.localName === 'sequenceFlow');
  const out = flows.find((f) => f.getAttribute('sourceRef') === taskElementId);
  const gateway = out && byId.get(out.getAttribute('targetRef') ?? '');
  if (!gateway || gateway.localName !== 'exclusiveGateway') return [];
  const defaultId = gateway.getAttribute('default');
  return flows
    .filter((f) => f.getAttribute('sourceRef') === gateway.getAttribute('id'))
    .map((f) => {
      const condition = Array.from(f.children).find((c) => c.localName === 'conditionExpression')?.textContent ?? '';
      const match = EQUALS_TEXT.exec(condition);
      const target = byId.get(f.getAttribute('targetRef') ?? '');
      const id = f.getAttribute('id') ?? '';
      return {
        flowId: id,
        label: f.getAttribute('name') || target?.getAttribute('name') || id,
        variable: match?.[1],
        value: match?.[2],
        isDefault: id === defaultId,
        targetStep: stepOf(target, byId),
      };
    })
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** the step of the target, or of the first task inside a sub-process it leads to */
function stepOf(target: Element | undefined, byId: Map<string, Element>): string | undefined {
  if (!target) return undefined;
  const own = target.getAttributeNS(TTHC, 'step') || target.getAttribute('tthc:step');
  if (own) return own;
  if (target.localName === 'subProcess') {
    const inner = Array.from(target.getElementsByTagNameNS(BPMN, 'userTask'))[0];
    return inner ? stepOf(inner, byId) : undefined;
  }
  return undefined;
}
