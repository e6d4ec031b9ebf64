import { BpmnModdle } from 'bpmn-moddle';
import { ChangeHandler, diff } from 'bpmn-js-differ';
import tthc from '../../../../libs/bpmn/src/moddle/tthc.json';

/** One changed element between two versions of a procedure. */
export interface ElementChange {
  id: string;
  /** BPMN type without the `bpmn:` prefix */
  type: string;
  name: string | null;
  kind: 'added' | 'removed' | 'changed' | 'layout';
  /** changed attributes (`tthc:` ones included): name → [before, after] */
  attrs: Array<{ name: string; before: string | null; after: string | null }>;
}

interface ModdleLike {
  id?: string;
  name?: string;
  $type?: string;
}

const show = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') {
    const o = v as ModdleLike & { body?: string };
    return o.body ?? o.id ?? o.$type ?? JSON.stringify(v);
  }
  return String(v);
};

/** `tthc:step` rather than `step`: extension attributes keep their namespace prefix. */
function qualified(model: ModdleLike, name: string): string {
  const desc = (model as { $descriptor?: { propertiesByName?: Record<string, { ns?: { prefix?: string } }> } }).$descriptor;
  const prefix = desc?.propertiesByName?.[name]?.ns?.prefix;
  return prefix && prefix !== 'bpmn' && !name.includes(':') ? `${prefix}:${name}` : name;
}

/**
 * The changes from `before` to `after` (two BPMN texts), with bpmn-js-differ over the moddle
 * trees read with our `tthc` extension — so `tthc:` attributes are compared as attributes.
 * Layout-only changes (moved shapes, bent flows) are reported as `layout`.
 */
export async function diffVersions(before: string, after: string): Promise<ElementChange[]> {
  const moddle = new BpmnModdle({ tthc });
  const [a, b] = await Promise.all([moddle.fromXML(before, 'bpmn:Definitions'), moddle.fromXML(after, 'bpmn:Definitions')]);
  // a DI shape whose element is missing (hand-edited files) must not break the comparison
  const handler = new ChangeHandler() as { _computeChangeId(el: ModdleLike | undefined): string };
  handler._computeChangeId = (el) => el?.id ?? '(?)';
  const result = diff(a.rootElement, b.rootElement, handler) as {
    _added: Record<string, ModdleLike>;
    _removed: Record<string, ModdleLike>;
    _changed: Record<string, { model: ModdleLike; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
    _layoutChanged: Record<string, ModdleLike>;
  };
  const entry = (id: string, el: ModdleLike, kind: ElementChange['kind'], attrs: ElementChange['attrs'] = []): ElementChange => ({
    id,
    type: (el.$type ?? '').replace(/^bpmn:/, ''),
    name: el.name ?? null,
    kind,
    attrs,
  });
  const out: ElementChange[] = [
    ...Object.entries(result._added).map(([id, el]) => entry(id, el, 'added')),
    ...Object.entries(result._removed).map(([id, el]) => entry(id, el, 'removed')),
    ...Object.entries(result._changed).map(([id, c]) =>
      entry(
        id,
        c.model,
        'changed',
        // bpmn-js-differ hands the delta's [left, right] to changed(model, prop, newValue, oldValue):
        // its `newValue` is the value of `before`
        Object.entries(c.attrs).map(([name, v]) => ({ name: qualified(c.model, name), before: show(v.newValue), after: show(v.oldValue) })),
      ),
    ),
  ];
  const seen = new Set(out.map((c) => c.id));
  for (const [id, el] of Object.entries(result._layoutChanged)) if (!seen.has(id)) out.push(entry(id, el, 'layout'));
  const order = { removed: 0, added: 1, changed: 2, layout: 3 };
  return out.sort((x, y) => order[x.kind] - order[y.kind] || x.id.localeCompare(y.id));
}

/** A field of a form-js schema, by its key (or id, for fields without a key such as a text view). */
export interface FieldChange {
  key: string;
  label: string | null;
  kind: 'added' | 'removed' | 'changed';
}

/** A form of the procedure changed between two versions (forms are pinned by hash outside the XML). */
export interface FormChange {
  formId: string;
  kind: 'added' | 'removed' | 'changed';
  /** for a changed form: its fields added, removed or changed */
  fields: FieldChange[];
}

interface Pinned {
  sha256: string;
  schema: { components?: unknown[] };
}
type Component = Record<string, unknown> & { components?: unknown[] };

/** every field of a schema (groups' nested ones too), by key */
function fieldsOf(schema: { components?: unknown[] }): Map<string, Component> {
  const out = new Map<string, Component>();
  const walk = (list: unknown[] | undefined) => {
    for (const c of (list ?? []) as Component[]) {
      const key = String(c.key ?? c.id ?? '');
      if (key) out.set(key, c);
      walk(c.components);
    }
  };
  walk(schema.components);
  return out;
}

const labelOf = (c: Component): string | null => (c.label ?? c.dateLabel ?? c.text ?? null) as string | null;

/** JSON with sorted keys: the form editor writes a field's properties in its own order */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

/**
 * A field's own settings, compared: without its nested fields (a group changes when its own settings
 * do) and without the row id the form editor gives every field it saves (`layout.row`, generated);
 * its column width stays a change.
 */
function own(c: Component): string {
  const { components: _nested, layout, ...rest } = c;
  const columns = (layout as { columns?: unknown } | undefined)?.columns;
  return canonical(columns == null ? rest : { ...rest, columns });
}

function diffFields(before: { components?: unknown[] }, after: { components?: unknown[] }): FieldChange[] {
  const [a, b] = [fieldsOf(before), fieldsOf(after)];
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.flatMap((key): FieldChange[] => {
    const [x, y] = [a.get(key), b.get(key)];
    if (!x) return [{ key, label: labelOf(y!), kind: 'added' }];
    if (!y) return [{ key, label: labelOf(x), kind: 'removed' }];
    return own(x) === own(y) ? [] : [{ key, label: labelOf(y), kind: 'changed' }];
  });
}

/** The forms that differ between two versions' pins (form id → pinned schema), with their changed fields. */
export function diffForms(before: Record<string, Pinned>, after: Record<string, Pinned>): FormChange[] {
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return ids.flatMap((formId): FormChange[] => {
    const [x, y] = [before[formId], after[formId]];
    if (!x) return [{ formId, kind: 'added', fields: [] }];
    if (!y) return [{ formId, kind: 'removed', fields: [] }];
    return x.sha256 === y.sha256 ? [] : [{ formId, kind: 'changed', fields: diffFields(x.schema, y.schema) }];
  });
}
