/**
 * Generic readers for vendor extensions (Camunda 8 `zeebe:`, Camunda 7 `camunda:`),
 * keyed by namespace URI so any prefix works. bpmn-moddle (lax mode) keeps unknown
 * attributes in `$attrs` (keyed by the prefixed name as written) and unknown extension
 * elements as generic objects carrying `$descriptor.ns` — we read those instead of
 * shipping vendor moddle descriptors.
 */
export const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';
export const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';

export type El = any;

/** prefix → namespace URI, from the element and its ancestors' xmlns declarations */
function namespaces(el: El): Record<string, string> {
  const chain: El[] = [];
  for (let cur = el; cur; cur = cur.$parent) chain.unshift(cur);
  const map: Record<string, string> = {};
  for (const e of chain) {
    const attrs = e.$attrs ?? {};
    for (const k of Object.keys(attrs)) if (k.startsWith('xmlns:')) map[k.slice(6)] = attrs[k];
  }
  return map;
}

/** value of a foreign attribute `{uri}local` on an element, whatever its prefix */
export function extAttr(el: El, uri: string, local: string): string | undefined {
  const attrs = el?.$attrs;
  if (!attrs) return undefined;
  let ns: Record<string, string> | undefined;
  for (const key of Object.keys(attrs)) {
    const i = key.indexOf(':');
    if (i < 0 || key.slice(i + 1) !== local || key.startsWith('xmlns')) continue;
    ns ??= namespaces(el);
    if (ns[key.slice(0, i)] === uri) return String(attrs[key]);
  }
  return undefined;
}

function nsOf(e: El): { uri?: string; localName?: string } {
  const d = e?.$descriptor?.ns;
  if (d) return { uri: d.uri, localName: d.localName };
  const t: string = e?.$type ?? '';
  return { localName: t.includes(':') ? t.split(':')[1] : t };
}

/** generic children of an extension element (or `extensionElements.values`) */
function childrenOf(el: El): El[] {
  if (!el) return [];
  if (el.extensionElements) return el.extensionElements.values ?? [];
  return el.$children ?? el.values ?? [];
}

export function extElements(el: El, uri: string, local: string): El[] {
  return childrenOf(el).filter((c: El) => {
    const n = nsOf(c);
    return n.localName === local && (n.uri === undefined || n.uri === uri);
  });
}

export function extElement(el: El, uri: string, local: string): El | undefined {
  return extElements(el, uri, local)[0];
}

/** attribute of a generic extension element (stored as plain property or in $attrs) */
export function prop(e: El, name: string): string | undefined {
  if (!e) return undefined;
  const v = e[name] ?? e.$attrs?.[name];
  return v === undefined || v === null ? undefined : String(v);
}

/** '= expr' → 'expr'; trims */
export function stripEq(expr: string): string {
  const t = expr.trim();
  return t.startsWith('=') ? t.slice(1).trim() : t;
}

/**
 * Camunda 7 expressions are JUEL (`${a == 1 && b}`); translate the common subset to
 * FEEL (best effort: comparisons and boolean operators). Plain text is returned as is.
 */
export function juelToFeel(expr: string): string {
  const m = /^\s*[$#]\{([\s\S]*)\}\s*$/.exec(expr);
  if (!m) return stripEq(expr);
  return m[1]
    .replace(/&&/g, ' and ')
    .replace(/\|\|/g, ' or ')
    .replace(/([^=!<>])==([^=])/g, '$1=$2')
    // JUEL negation of a name or a parenthesised expression: !approved → not(approved)
    .replace(/!(?!=)\s*([A-Za-z_][\w.]*|\([^()]*\))/g, (_m, x: string) => `not(${x.startsWith('(') ? x.slice(1, -1) : x})`)
    .trim();
}

/** 'a, b ,c' → ['a','b','c'] */
export function csv(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  return parts.length ? parts : undefined;
}
