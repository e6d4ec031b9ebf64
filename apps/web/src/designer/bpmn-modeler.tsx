import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import Modeler from 'bpmn-js/lib/Modeler';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import tthc from '../../../../libs/bpmn/src/moddle/tthc.json';
import { useI18n } from '../i18n/i18n-context';

export interface ModelerHandle {
  importXml(xml: string): Promise<void>;
  exportXml(): Promise<string>;
  /** marks these elements as faulty (replaces earlier marks) */
  markProblems(ids: string[]): void;
  /** selects and centres one element */
  reveal(id: string): void;
}

interface Canvas {
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  zoom(mode: 'fit-viewport' | number, center?: 'auto' | { x: number; y: number }): number;
  scrollToElement(element: unknown): void;
}
interface Registry {
  get(id: string): unknown;
}
interface Selection {
  select(element: unknown): void;
}

const PROBLEM = 'marker-problem';

/** bpmn-js Modeler with the tthc moddle extension, driven imperatively by the designer page. */
export const BpmnModeler = forwardRef<ModelerHandle, { onChanged?: () => void }>(function BpmnModeler({ onChanged }, ref) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const modeler = useRef<Modeler | null>(null);
  const marked = useRef<string[]>([]);
  const changed = useRef(onChanged);
  changed.current = onChanged;

  useEffect(() => {
    const instance = new Modeler({ container: host.current!, moddleExtensions: { tthc } });
    instance.on('commandStack.changed', () => changed.current?.());
    modeler.current = instance;
    return () => instance.destroy();
  }, []);

  useImperativeHandle(ref, () => ({
    async importXml(xml) {
      const m = modeler.current!;
      marked.current = [];
      await m.importXML(xml);
      m.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
    },
    async exportXml() {
      const { xml } = await modeler.current!.saveXML({ format: true });
      return xml ?? '';
    },
    markProblems(ids) {
      const m = modeler.current!;
      const canvas = m.get<Canvas>('canvas');
      const registry = m.get<Registry>('elementRegistry');
      marked.current.filter((id) => registry.get(id)).forEach((id) => canvas.removeMarker(id, PROBLEM));
      marked.current = ids.filter((id) => registry.get(id));
      marked.current.forEach((id) => canvas.addMarker(id, PROBLEM));
    },
    reveal(id) {
      const m = modeler.current!;
      const element = m.get<Registry>('elementRegistry').get(id);
      if (!element) return;
      m.get<Canvas>('canvas').scrollToElement(element);
      m.get<Selection>('selection').select(element);
    },
  }));

  return <div ref={host} className="modeler-canvas" role="application" aria-label={t('designer.canvas')} />;
});
