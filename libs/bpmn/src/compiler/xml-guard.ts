/**
 * Checks done on the raw text before any XML parser sees it: size, DOCTYPE/ENTITY
 * declarations (XXE, billion laughs) and element nesting depth. The parser
 * (saxen, used by bpmn-moddle) does not expand external entities, but we refuse the
 * declarations outright so no later tool in the chain can be tricked either.
 */
import { BpmnCompileError } from './compile-error';

export const MAX_XML_CHARS = 20 * 1024 * 1024;
export const MAX_XML_DEPTH = 200;

export function guardXml(xml: unknown): string {
  if (typeof xml !== 'string' || xml.trim() === '') {
    throw new BpmnCompileError([{ rule: 'xml-malformed', message: 'the BPMN document is empty' }]);
  }
  if (xml.length > MAX_XML_CHARS) {
    throw new BpmnCompileError([{ rule: 'xml-too-large', message: `the BPMN document is larger than ${MAX_XML_CHARS} characters` }]);
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new BpmnCompileError([{ rule: 'xml-doctype', message: 'DOCTYPE and ENTITY declarations are not allowed in BPMN files' }]);
  }
  const depth = maxDepth(xml);
  if (depth > MAX_XML_DEPTH) {
    throw new BpmnCompileError([{ rule: 'xml-too-deep', message: `XML elements are nested more than ${MAX_XML_DEPTH} levels deep` }]);
  }
  return xml;
}

/** Cheap tag scanner: counts open/close tags, skipping comments, CDATA and PIs. */
function maxDepth(xml: string): number {
  let depth = 0;
  let max = 0;
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)[^>]*?(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (m[0].startsWith('<!') || m[0].startsWith('<?')) continue;
    if (m[1] === '/') depth--;
    else if (m[2] !== '/') {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > MAX_XML_DEPTH) return max;
      }
    }
  }
  return max;
}
