import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import Modeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import minimapModule from 'diagram-js-minimap';
import 'diagram-js-minimap/assets/diagram-js-minimap.css';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import tthc from '../../../../libs/bpmn/src/moddle/tthc.json';
import { useI18n } from '../i18n/i18n-context';
import type { ElementProblem } from '../common/api-error';
import { tthcLintingFor } from './tthc-lint-config';
import { translateModule } from './bpmn-translate';
import { DIAGRAM_FONT } from '../common/diagram-font';
import { oneStopPaletteModule } from './one-stop-palette';
import { debouncedLintModule } from './lint-debounce';

export interface ModelerHandle {
  /** imports a diagram; a text bpmn-js cannot read is refused BEFORE the current diagram is cleared */
  importXml(xml: string): Promise<void>;
  exportXml(): Promise<string>;
  /** marks these elements as faulty (replaces earlier marks) */
  markProblems(ids: string[]): void;
  /** selects and centres one element */
  reveal(id: string): void;
  /** the bpmn-js instance, for side panels that edit the model */
  modeler(): Modeler | null;
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
interface Linting {
  setLinterConfig(config: unknown): void;
}
type LintIssues = Record<string, Array<{ id?: string; message: string; rule?: string; category?: string }>>;

interface Props {
  /** a user edit (not an import) */
  onChanged?: () => void;
  /** the live TTHC lint result, after every change */
  onLint?: (problems: ElementProblem[]) => void;
}

const PROBLEM = 'marker-problem';

/** bpmn-js Modeler with the tthc moddle extension and live TTHC lint, driven imperatively by the page. */
export const BpmnModeler = forwardRef<ModelerHandle, Props>(function BpmnModeler({ onChanged, onLint }, ref) {
  const { t, lang } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const modeler = useRef<Modeler | null>(null);
  const marked = useRef<string[]>([]);
  const callbacks = useRef({ onChanged, onLint });
  callbacks.current = { onChanged, onLint };
  const langRef = useRef(lang);
  langRef.current = lang;

  useEffect(() => {
    const instance = new Modeler({
      container: host.current!,
      moddleExtensions: { tthc },
      additionalModules: [lintModule, debouncedLintModule, minimapModule, oneStopPaletteModule, translateModule(() => langRef.current)],
      linting: { bpmnlint: tthcLintingFor(langRef.current), active: true },
      textRenderer: { defaultStyle: { fontFamily: DIAGRAM_FONT, fontSize: 12 } },
    } as ConstructorParameters<typeof Modeler>[0]);
    instance.on('commandStack.changed', (e: { trigger?: string }) => e.trigger !== 'clear' && callbacks.current.onChanged?.());
    instance.on('linting.completed', (event: { issues: LintIssues }) => {
      const problems = Object.entries(event.issues).flatMap(([elementId, list]) =>
        list.map((i) => ({ elementId: i.id ?? elementId, rule: i.rule, message: i.message })),
      );
      callbacks.current.onLint?.(problems);
    });
    modeler.current = instance;
    return () => instance.destroy();
  }, []);

  useEffect(() => {
    modeler.current?.get<Linting>('linting').setLinterConfig(tthcLintingFor(lang));
  }, [lang]);

  useImperativeHandle(ref, () => ({
    async importXml(xml) {
      const m = modeler.current!;
      // importXML parses before it clears the canvas: a text that is not a diagram leaves the current one
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
    modeler: () => modeler.current,
  }));

  return <div ref={host} className="modeler-canvas" role="application" aria-label={t('designer.canvas')} />;
});
