import type { DiagramParts, Mark } from './diagram-parts';

export interface MarkedState {
  activeIds: string[];
  completedIds: string[];
  incidentIds: string[];
}

/** shapes that are never "reached" themselves: they are not faded */
const NEVER_REACHED = ['bpmn:Participant', 'bpmn:Lane', 'bpmn:TextAnnotation', 'bpmn:Association'];

/**
 * The markers of a run's state: completed elements (green), active ones (blue), incidents (red)
 * and the sequence flows taken (source completed, target reached). With `fadeUnreached`, the
 * elements and flows not reached so far are faded too (the replay).
 */
export function stateMarks({ canvas, registry }: Pick<DiagramParts, 'canvas' | 'registry'>, state: MarkedState, { fadeUnreached = false } = {}): Mark[] {
  // the process itself is the canvas root: marking it would colour every element
  const root = canvas.getRootElement().id;
  const known = (id: string) => id !== root && !!registry.get(id);
  const active = new Set(state.activeIds);
  const incidents = new Set(state.incidentIds);
  const completed = new Set(state.completedIds);
  const reached = new Set([...completed, ...active]);
  const marks: Mark[] = [
    ...state.completedIds.filter((id) => known(id) && !active.has(id)).map((id): Mark => [id, 'marker-completed']),
    ...state.activeIds.filter((id) => known(id) && !incidents.has(id)).map((id): Mark => [id, 'marker-active']),
    ...state.incidentIds.filter(known).map((id): Mark => [id, 'marker-problem']),
  ];
  if (fadeUnreached) {
    registry
      .filter((el) => !el.labelTarget && el.type !== 'bpmn:SequenceFlow' && el.type !== 'bpmn:Process' && el.type !== 'label' && el.id !== root && !!el.type?.startsWith('bpmn:'))
      .filter((el) => !reached.has(el.id) && !NEVER_REACHED.includes(el.type))
      .forEach((el) => marks.push([el.id, 'marker-unreached']));
  }
  registry
    .filter((el) => el.type === 'bpmn:SequenceFlow' && !!el.source && !!el.target)
    .forEach((el) => {
      if (completed.has(el.source!.id) && reached.has(el.target!.id)) marks.push([el.id, 'marker-taken']);
      else if (fadeUnreached) marks.push([el.id, 'marker-unreached']);
    });
  return marks;
}
