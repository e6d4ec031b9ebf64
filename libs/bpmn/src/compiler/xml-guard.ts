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

/**
 * Linear tag scanner (hand-written: a regex over hostile input can backtrack
 * quadratically): counts open/close tags, skipping comments, CDATA, PIs and quoted
 * attribute values (which may contain '>'). Malformed input stops the scan; the XML
 * parser reports it afterwards.
 */
function maxDepth(xml: string): number {
  let depth = 0;
  let max = 0;
  let i = 0;
  const skipTo = (from: number, end: string) => {
    const j = xml.indexOf(end, from);
    return j < 0 ? -1 : j + end.length;
  };
  while ((i = xml.indexOf('<', i)) >= 0) {
    if (xml.startsWith('<!--', i)) i = skipTo(i + 4, '-->');
    else if (xml.startsWith('<![CDATA[', i)) i = skipTo(i + 9, ']]>');
    else if (xml.startsWith('<?', i)) i = skipTo(i + 2, '?>');
    else if (xml.startsWith('<!', i)) i = skipTo(i + 2, '>');
    else {
      const closing = xml[i + 1] === '/';
      let j = i + 1;
      let quote = '';
      for (; j < xml.length; j++) {
        const c = xml[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>' || c === '<') break;
      }
      if (j >= xml.length || xml[j] === '<') return max;
      if (closing) depth--;
      else if (xml[j - 1] !== '/' && ++depth > max) {
        max = depth;
        if (max > MAX_XML_DEPTH) return max;
      }
      i = j + 1;
    }
    if (i < 0) return max;
  }
  return max;
}
