import { ONE_STOP_BLOCKS, RESUBMISSION_MESSAGE, apologyTimerDuration, blockIcon, type OneStopBlock } from './one-stop-blocks';

/* diagram-js services, typed as far as we use them */
interface Moddle {
  $instanceOf(type: string): boolean;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  [key: string]: unknown;
}
interface Shape {
  id: string;
  businessObject: Moddle;
  width: number;
  height: number;
}
interface ElementFactory {
  createShape(attrs: Record<string, unknown>): Shape;
  createConnection(attrs: Record<string, unknown>): unknown;
}
interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): Moddle;
}
interface Create {
  start(event: unknown, elements: unknown, context?: unknown): void;
}
interface Palette {
  registerProvider(priority: number, provider: unknown): void;
}
interface Canvas {
  getRootElement(): { businessObject: Moddle };
}

type Translate = (text: string, replacements?: Record<string, string>) => string;

/** Palette group "Khối một cửa": one entry per one-stop step (see one-stop-blocks.ts). */
function OneStopPaletteProvider(this: unknown, palette: Palette, create: Create, elementFactory: ElementFactory, bpmnFactory: BpmnFactory, canvas: Canvas, translate: Translate) {
  const definitionsOf = () => {
    let bo: Moddle | undefined = canvas.getRootElement().businessObject;
    while (bo && !bo.$instanceOf('bpmn:Definitions')) bo = bo.$parent as Moddle | undefined;
    return bo;
  };

  /** the resubmission message of the diagram, added once */
  const resubmissionMessage = (): Moddle => {
    const defs = definitionsOf()!;
    const roots = defs.get('rootElements') as Moddle[];
    const found = roots.find((r) => r.$instanceOf('bpmn:Message') && r.name === RESUBMISSION_MESSAGE);
    if (found) return found;
    const message = bpmnFactory.create('bpmn:Message', { name: RESUBMISSION_MESSAGE });
    message.$parent = defs;
    roots.push(message);
    return message;
  };

  const taskOf = (block: OneStopBlock): Shape => {
    const bo = bpmnFactory.create(block.type, { name: block.name });
    bo.set('tthc:step', block.step);
    for (const [k, v] of Object.entries(block.attrs)) bo.set(`tthc:${k}`, v);
    return elementFactory.createShape({ type: block.type, businessObject: bo });
  };

  const start = (block: OneStopBlock) => (event: unknown) => {
    const task = taskOf(block);
    if (block.extra === 'resubmission') {
      const def = bpmnFactory.create('bpmn:MessageEventDefinition', { messageRef: resubmissionMessage() });
      const catchBo = bpmnFactory.create('bpmn:IntermediateCatchEvent', { name: 'Đã nhận hồ sơ bổ sung', eventDefinitions: [def] });
      def.$parent = catchBo;
      const waitFor = elementFactory.createShape({ type: 'bpmn:IntermediateCatchEvent', businessObject: catchBo, x: task.width + 60, y: task.height / 2 - 18 });
      Object.assign(task, { x: 0, y: 0 });
      const flow = elementFactory.createConnection({
        type: 'bpmn:SequenceFlow',
        source: task,
        target: waitFor,
        waypoints: [
          { x: task.width, y: task.height / 2 },
          { x: task.width + 60, y: task.height / 2 },
        ],
      });
      create.start(event, [task, waitFor, flow], { hints: { autoSelect: [task] } });
      return;
    }
    if (block.extra === 'apologyTimer') {
      const process = canvas.getRootElement().businessObject;
      const days = Number(process.get('tthc:statutoryDays') ?? 0) || undefined;
      const duration = bpmnFactory.create('bpmn:FormalExpression', { body: apologyTimerDuration(days) });
      const def = bpmnFactory.create('bpmn:TimerEventDefinition', { timeDuration: duration });
      def.set('tthc:calendar', 'working');
      duration.$parent = def;
      const timerBo = bpmnFactory.create('bpmn:IntermediateCatchEvent', { name: 'Trước hạn 1 ngày làm việc', eventDefinitions: [def] });
      def.$parent = timerBo;
      const timer = elementFactory.createShape({ type: 'bpmn:IntermediateCatchEvent', businessObject: timerBo, x: 0, y: task.height / 2 - 18 });
      Object.assign(task, { x: 96, y: 0 });
      const flow = elementFactory.createConnection({
        type: 'bpmn:SequenceFlow',
        source: timer,
        target: task,
        waypoints: [
          { x: 36, y: task.height / 2 },
          { x: 96, y: task.height / 2 },
        ],
      });
      create.start(event, [timer, task, flow], { hints: { autoSelect: [task] } });
      return;
    }
    create.start(event, task);
  };

  palette.registerProvider(500, {
    getPaletteEntries: () =>
      Object.fromEntries([
        ['tthc-separator', { group: 'tthc', separator: true }],
        ...ONE_STOP_BLOCKS.map((block) => [
          `tthc-block-${block.step}`,
          {
            group: 'tthc',
            imageUrl: blockIcon(block.abbr),
            title: translate('Khối một cửa: {name} (tthc:step={step})', { name: block.name, step: block.step }),
            action: { dragstart: start(block), click: start(block) },
          },
        ]),
      ]),
  });
}
OneStopPaletteProvider.$inject = ['palette', 'create', 'elementFactory', 'bpmnFactory', 'canvas', 'translate'];

/** diagram-js module: the one-stop building blocks in the palette */
export const oneStopPaletteModule = {
  __init__: ['oneStopPalette'],
  oneStopPalette: ['type', OneStopPaletteProvider],
};
