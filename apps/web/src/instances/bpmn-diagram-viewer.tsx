import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { useI18n } from '../i18n/i18n-context';
import { DIAGRAM_FONT } from '../common/diagram-font';

interface Props {
  xml: string;
  activeIds: string[];
  completedIds: string[];
  incidentIds?: string[];
}

interface Canvas {
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  zoom(mode: 'fit-viewport', center?: 'auto'): void;
  getRootElement(): { id: string };
}
interface DiagramElement {
  id: string;
  type: string;
  source?: { id: string };
  target?: { id: string };
}
interface Registry {
  get(id: string): unknown;
  filter(fn: (el: DiagramElement) => boolean): DiagramElement[];
}

/** Read-only diagram of an instance: active elements and completed elements are marked. */
export function BpmnDiagramViewer({ xml, activeIds, completedIds, incidentIds = [] }: Props) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const [failed, setFailed] = useState(false);
  const markerKey = `${activeIds.join(',')}|${completedIds.join(',')}|${incidentIds.join(',')}`;

  useEffect(() => {
    const instance = new NavigatedViewer({
      container: host.current!,
      textRenderer: { defaultStyle: { fontFamily: DIAGRAM_FONT, fontSize: 12 } },
    } as ConstructorParameters<typeof NavigatedViewer>[0]);
    viewer.current = instance;
    return () => {
      instance.destroy();
      viewer.current = null;
    };
  }, []);

  // import once per XML (polling must neither re-render the diagram nor reset the user's zoom)
  const [imported, setImported] = useState(0);
  useEffect(() => {
    const instance = viewer.current;
    if (!instance) return;
    let live = true;
    instance
      .importXML(xml)
      .then(() => {
        if (!live) return;
        setFailed(false);
        instance.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
        setImported((n) => n + 1);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [xml]);

  // markers follow the instance state; the ones set before are removed first
  const marks = useRef<Array<[string, string]>>([]);
  useEffect(() => {
    const instance = viewer.current;
    if (!instance || !imported) return;
    const canvas = instance.get<Canvas>('canvas');
    const registry = instance.get<Registry>('elementRegistry');
    marks.current.filter(([id]) => registry.get(id)).forEach(([id, marker]) => canvas.removeMarker(id, marker));
    const next: Array<[string, string]> = [];
    // the process itself is the canvas root: marking it would colour every element
    const root = canvas.getRootElement().id;
    const mark = (ids: string[], marker: string) =>
      ids.filter((id) => id !== root && registry.get(id)).forEach((id) => next.push([id, marker]));
    mark(completedIds.filter((id) => !activeIds.includes(id)), 'marker-completed');
    mark(activeIds.filter((id) => !incidentIds.includes(id)), 'marker-active');
    mark(incidentIds, 'marker-problem');
    // a sequence flow was taken when its source completed and its target was reached
    const reached = new Set([...completedIds, ...activeIds]);
    const done = new Set(completedIds);
    registry
      .filter((el) => el.type === 'bpmn:SequenceFlow' && !!el.source && !!el.target)
      .filter((el) => done.has(el.source!.id) && reached.has(el.target!.id))
      .forEach((el) => next.push([el.id, 'marker-taken']));
    next.forEach(([id, marker]) => canvas.addMarker(id, marker));
    marks.current = next;
    // markerKey stands for the three id lists
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [imported, markerKey]);

  return (
    <figure className="diagram-figure">
      <div
        ref={host}
        className="diagram-canvas"
        role="group"
        aria-label={t('instance.diagram')}
        data-active={activeIds.join(' ')}
        data-completed={completedIds.join(' ')}
      />
      {failed && <p className="muted">{t('instance.diagramUnavailable')}</p>}
      <figcaption className="legend" aria-label={t('instance.diagramLegend')}>
        <span className="legend-item">
          <span className="swatch swatch-active" aria-hidden="true" />
          {t('instance.legend.active')}
        </span>
        <span className="legend-item">
          <span className="swatch swatch-completed" aria-hidden="true" />
          {t('instance.legend.completed')}
        </span>
        {incidentIds.length > 0 && (
          <span className="legend-item">
            <span className="swatch swatch-incident" aria-hidden="true" />
            {t('instance.legend.incident')}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
