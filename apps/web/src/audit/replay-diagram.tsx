import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { DIAGRAM_FONT } from '../common/diagram-font';
import { useI18n } from '../i18n/i18n-context';
import { formatDuration, type Moment } from './replay-model';
import './audit.css';

interface Canvas {
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  zoom(mode: 'fit-viewport', center?: 'auto'): void;
  getRootElement(): { id: string };
}
interface DiagramElement {
  id: string;
  type: string;
  labelTarget?: unknown;
  source?: { id: string };
  target?: { id: string };
}
interface Registry {
  get(id: string): unknown;
  filter(fn: (el: DiagramElement) => boolean): DiagramElement[];
}
interface Overlays {
  add(id: string, type: string, overlay: { position: { top?: number; right?: number; bottom?: number; left?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}

/**
 * The diagram of the exact version the dossier ran, at one moment of its replay: completed
 * elements (green), active ones with their tokens (blue), incidents (red), flows taken, the
 * elements never reached so far (faded), and on each element reached its count and time.
 */
export function ReplayDiagram({ xml, moment }: { xml: string; moment: Moment }) {
  const { t, lang } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const [imported, setImported] = useState(0);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const instance = new NavigatedViewer({
      container: host.current!,
      textRenderer: { defaultStyle: { fontFamily: DIAGRAM_FONT, fontSize: 12 } },
    } as ConstructorParameters<typeof NavigatedViewer>[0]);
    viewer.current = instance;
    let live = true;
    instance
      .importXML(xml)
      .then(() => {
        if (!live) return;
        instance.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
        setImported((n) => n + 1);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      instance.destroy();
      viewer.current = null;
    };
  }, [xml]);

  const marks = useRef<Array<[string, string]>>([]);
  useEffect(() => {
    const instance = viewer.current;
    if (!instance || !imported) return;
    const canvas = instance.get<Canvas>('canvas');
    const registry = instance.get<Registry>('elementRegistry');
    const overlays = instance.get<Overlays>('overlays');
    marks.current.filter(([id]) => registry.get(id)).forEach(([id, marker]) => canvas.removeMarker(id, marker));
    overlays.remove({ type: 'replay-stats' });
    const root = canvas.getRootElement().id;
    const next: Array<[string, string]> = [];
    const known = (id: string) => id !== root && !!registry.get(id);
    const active = new Set(moment.activeIds);
    const incidents = new Set(moment.incidentIds);
    const completed = new Set(moment.completedIds);
    const reached = new Set([...completed, ...active]);
    moment.completedIds.filter((id) => known(id) && !active.has(id)).forEach((id) => next.push([id, 'marker-completed']));
    moment.activeIds.filter((id) => known(id) && !incidents.has(id)).forEach((id) => next.push([id, 'marker-active']));
    moment.incidentIds.filter(known).forEach((id) => next.push([id, 'marker-problem']));
    const shapes = registry.filter((el) => !el.labelTarget && el.type !== 'bpmn:SequenceFlow' && el.type !== 'bpmn:Process' && el.type !== 'label' && el.id !== root && !!el.type?.startsWith('bpmn:'));
    shapes.filter((el) => !reached.has(el.id) && !['bpmn:Participant', 'bpmn:Lane', 'bpmn:TextAnnotation', 'bpmn:Association'].includes(el.type)).forEach((el) => next.push([el.id, 'marker-unreached']));
    registry
      .filter((el) => el.type === 'bpmn:SequenceFlow' && !!el.source && !!el.target)
      .forEach((el) => next.push([el.id, completed.has(el.source!.id) && reached.has(el.target!.id) ? 'marker-taken' : 'marker-unreached']));
    next.forEach(([id, marker]) => canvas.addMarker(id, marker));
    marks.current = next;
    for (const s of moment.stats) {
      if (!known(s.elementId)) continue;
      const tokens = moment.snapshot?.tokens[s.elementId] ?? 0;
      const badge = document.createElement('div');
      badge.className = 'replay-stat';
      badge.textContent = `×${s.count}${s.durationMs > 0 ? ` · ${formatDuration(s.durationMs, lang)}` : ''}${tokens > 0 ? ` · ● ${tokens}` : ''}`;
      overlays.add(s.elementId, 'replay-stats', { position: { bottom: 8, left: 0 }, html: badge });
    }
  }, [imported, moment, lang]);

  return (
    <figure className="diagram-figure">
      <div
        ref={host}
        className="diagram-canvas replay-canvas"
        role="group"
        aria-label={t('instance.diagram')}
        data-active={moment.activeIds.join(' ')}
        data-completed={moment.completedIds.join(' ')}
        data-event={moment.event.id}
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
        <span className="legend-item">
          <span className="swatch swatch-unreached" aria-hidden="true" />
          {t('auditDossier.legend.unreached')}
        </span>
      </figcaption>
    </figure>
  );
}
