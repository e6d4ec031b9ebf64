import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { DIAGRAM_FONT } from '../diagram-font';
import type { Canvas, DiagramParts, Mark, Overlays, Registry } from './diagram-parts';

/**
 * A read-only bpmn-js viewer in `host`: created once, the XML imported (and fitted to the view)
 * whenever it changes — polling neither re-renders the diagram nor resets the user's zoom — and
 * the markers `paint` returns set after each import and whenever `paint` changes (memoise it
 * on what it draws); the markers set before are removed first.
 */
export function useDiagramViewer(xml: string, paint: (parts: DiagramParts) => Mark[]) {
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
    return () => {
      instance.destroy();
      viewer.current = null;
    };
  }, []);

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

  const marks = useRef<Mark[]>([]);
  useEffect(() => {
    const instance = viewer.current;
    if (!instance || !imported) return;
    const parts = { canvas: instance.get<Canvas>('canvas'), registry: instance.get<Registry>('elementRegistry'), overlays: instance.get<Overlays>('overlays') };
    marks.current.filter(([id]) => parts.registry.get(id)).forEach(([id, marker]) => parts.canvas.removeMarker(id, marker));
    marks.current = paint(parts);
    marks.current.forEach(([id, marker]) => parts.canvas.addMarker(id, marker));
  }, [imported, paint]);

  return { host, failed };
}
