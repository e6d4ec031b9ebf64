/** The editable form model of process variables: one labelled field per variable. */
export type FieldType = 'string' | 'number' | 'boolean' | 'json';

export interface VariableField {
  name: string;
  type: FieldType;
  /** text for string/number/json inputs, boolean for checkboxes */
  value: string | boolean;
  isNew: boolean;
  original?: unknown;
  /** a question for people (e.g. the gateway name); the variable name is shown beside it */
  label?: string;
  /** offered because the next gateway decides on it (cannot be removed) */
  suggested?: boolean;
}

export function typeOf(value: unknown): FieldType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'json';
}

export function fieldsFrom(variables: Record<string, unknown> | undefined): VariableField[] {
  return Object.entries(variables ?? {}).map(([name, value]) => {
    const type = typeOf(value);
    const text = type === 'boolean' ? (value as boolean) : type === 'json' ? JSON.stringify(value, null, 2) : String(value);
    return { name, type, value: text, isNew: false, original: value };
  });
}

/** Adds the decision fields the form lacks; labels the ones it already has. */
export function withDecisions(fields: VariableField[], decisions: Array<{ name: string; type: FieldType; label?: string }>): VariableField[] {
  const out = fields.map((f) => {
    const d = decisions.find((x) => x.name === f.name);
    return d ? { ...f, label: d.label ?? f.label } : f;
  });
  for (const d of decisions) {
    if (out.some((f) => f.name === d.name)) continue;
    out.push({ name: d.name, type: d.type, value: d.type === 'boolean' ? false : '', isNew: true, suggested: true, label: d.label });
  }
  return out;
}

export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly kind: 'invalidNumber' | 'invalidName' | 'invalidJson',
  ) {
    super(`${field}: ${kind}`);
  }
}

export function parseField(field: VariableField): unknown {
  switch (field.type) {
    case 'boolean':
      return Boolean(field.value);
    case 'number': {
      const n = Number(String(field.value).replace(',', '.'));
      if (String(field.value).trim() === '' || Number.isNaN(n)) throw new FieldError(field.name, 'invalidNumber');
      return n;
    }
    case 'json':
      try {
        return JSON.parse(String(field.value));
      } catch {
        throw new FieldError(field.name, 'invalidJson');
      }
    case 'string':
      return String(field.value);
  }
}

/** Only what the officer changed or added is sent with the completion. */
export function changedVariables(fields: VariableField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.isNew && !NAME_PATTERN.test(field.name)) throw new FieldError(field.name, 'invalidName');
    const value = parseField(field);
    if (field.isNew || JSON.stringify(value) !== JSON.stringify(field.original)) out[field.name] = value;
  }
  return out;
}
