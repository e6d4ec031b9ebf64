import type { ModdleElement } from '../../moddle/create-moddle';

/**
 * Reads a `tthc:*` attribute. With the tthc descriptor loaded (lintBpmn, the designer with
 * `moddleExtensions: { tthc }`) it is a typed property; without it (a bare bpmn-js) moddle
 * keeps it in `$attrs`, so both are read.
 */
export function tthcAttr(el: ModdleElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  let value: unknown;
  try {
    value = el.get(`tthc:${name}`);
  } catch {
    value = undefined;
  }
  if (value === undefined || value === null || value === '') value = el.$attrs?.[`tthc:${name}`];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

export function is(el: ModdleElement | undefined, type: string): boolean {
  return !!el && typeof el.$instanceOf === 'function' && el.$instanceOf(type);
}

/** The `tthc:step` of an element, if any. */
export function stepOf(el: ModdleElement | undefined): string | undefined {
  return tthcAttr(el, 'step');
}

/** A process is subject to the TTHC profile when it declares `tthc:procedureCode`. */
export function isTthcProcess(el: ModdleElement): boolean {
  return is(el, 'bpmn:Process') && tthcAttr(el, 'procedureCode') !== undefined;
}

/** Children of a flow-element container (process or subprocess). */
export function flowElementsOf(container: ModdleElement): ModdleElement[] {
  return ((container.flowElements as ModdleElement[] | undefined) ?? []).filter(Boolean);
}

/** Every flow element in a container, descending into (event) subprocesses. */
export function allFlowElements(container: ModdleElement): ModdleElement[] {
  const out: ModdleElement[] = [];
  for (const el of flowElementsOf(container)) {
    out.push(el);
    if (is(el, 'bpmn:SubProcess')) out.push(...allFlowElements(el));
  }
  return out;
}

/** The timer definition of an event (boundary, start, catch), if it has one. */
export function timerOf(event: ModdleElement): ModdleElement | undefined {
  const defs = (event.eventDefinitions as ModdleElement[] | undefined) ?? [];
  return defs.find((d) => is(d, 'bpmn:TimerEventDefinition'));
}

/** A working-time timer's duration text (`timeDuration` body) or undefined when absent / not working time. */
export function workingTimerDuration(event: ModdleElement): string | undefined {
  const timer = timerOf(event);
  if (!timer || tthcAttr(timer, 'calendar') !== 'working') return undefined;
  const body = (timer.timeDuration as ModdleElement | undefined)?.body;
  return typeof body === 'string' && body.trim() !== '' ? body.trim() : undefined;
}
