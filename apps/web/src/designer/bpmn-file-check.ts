/** What is refused before a file reaches bpmn-js (the current diagram stays as it is). */
export type FileRefusal =
  | { reason: 'tooLarge'; sizeMb: string; maxMb: string }
  | { reason: 'notXml' }
  | { reason: 'notBpmn'; root: string; namespace: string };

export const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** larger than any real procedure (the biggest shipped one is ~30 kB; 2,000 elements ≈ 1 MB) */
export const MAX_BPMN_BYTES = 10 * 1024 * 1024;

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1).replace('.', ',');

export function checkBpmnSize(bytes: number): FileRefusal | null {
  return bytes > MAX_BPMN_BYTES ? { reason: 'tooLarge', sizeMb: mb(bytes), maxMb: mb(MAX_BPMN_BYTES) } : null;
}

/**
 * The text must be XML whose root is BPMN 2.0 `definitions`; everything inside (extension
 * elements and attributes of other modelers) is left to bpmn-moddle, which keeps what it does
 * not know.
 */
export function checkBpmnText(text: string): FileRefusal | null {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0 || !doc.documentElement) return { reason: 'notXml' };
  const root = doc.documentElement;
  if (root.localName !== 'definitions' || root.namespaceURI !== BPMN_MODEL_NS) {
    return { reason: 'notBpmn', root: root.localName, namespace: root.namespaceURI ?? '—' };
  }
  return null;
}
