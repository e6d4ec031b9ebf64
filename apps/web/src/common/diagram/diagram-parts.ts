/** The parts of a bpmn-js viewer the read-only diagrams use (bpmn-js ships no types for them). */
export interface Canvas {
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  zoom(mode: 'fit-viewport', center?: 'auto'): void;
  getRootElement(): { id: string };
}
export interface DiagramElement {
  id: string;
  type: string;
  labelTarget?: unknown;
  source?: { id: string };
  target?: { id: string };
}
export interface Registry {
  get(id: string): unknown;
  filter(fn: (el: DiagramElement) => boolean): DiagramElement[];
}
export interface Overlays {
  add(id: string, type: string, overlay: { position: { top?: number; right?: number; bottom?: number; left?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
export interface DiagramParts {
  canvas: Canvas;
  registry: Registry;
  overlays: Overlays;
}
/** an element id and the CSS marker it gets */
export type Mark = [id: string, marker: string];
