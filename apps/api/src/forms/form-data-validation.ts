import { evaluate } from 'feelin';
import type { FormFieldIssue, FormSchema } from '@tthc/contracts';

/**
 * Server-side check of a task's submitted data against its pinned form-js schema: the rules
 * form-js's Validator applies in the browser (required, min/max, minLength/maxLength, pattern,
 * email/phone, a number's decimal digits and increment), plus the value types and options the
 * form's fields can produce (a number field gives a number, a checkbox a boolean, a radio or
 * select one of its values, a checklist/taglist a list).
 *
 * Why our own code and not form-js's: `@bpmn-io/form-js-viewer` does not load in Node (its
 * module creates a `KeyboardEvent` at import time) and does not export its Validator; the rules
 * below mirror its `runPresetValidation` / `runNumberValidation` (1.23.0) one by one, with the
 * messages in Vietnamese. As in form-js, a field hidden by its `conditional.hide` FEEL expression
 * (evaluated with feelin, the library form-js uses) is not validated, and FEEL-valued validation
 * properties (`"=…"`) are evaluated against the data. Pure.
 */
export function validateFormData(schema: Pick<FormSchema, 'components'>, data: Record<string, unknown>): FormFieldIssue[] {
  const issues: FormFieldIssue[] = [];
  walk(schema.components, [], data, issues);
  return issues;
}

interface Component {
  id?: string;
  type?: string;
  key?: string;
  path?: string;
  label?: string;
  values?: Array<{ value?: unknown }>;
  components?: unknown[];
  conditional?: { hide?: unknown };
  validate?: Record<string, unknown>;
  decimalDigits?: number;
  increment?: number | string;
  subtype?: string;
  serializeToString?: boolean;
}

/** the field types whose `key` holds a value the officer enters */
const INPUTS = new Set(['textfield', 'textarea', 'number', 'checkbox', 'checklist', 'radio', 'select', 'taglist', 'datetime']);

// form-js 1.23.0's patterns (src/core/Validator.js)
const EMAIL_PATTERN = /^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9]+\.)+[a-zA-Z]{2,}))$/;
const PHONE_PATTERN = /(\+|00)(297|93|244|1264|358|355|376|971|54|374|1684|1268|61|43|994|257|32|229|226|880|359|973|1242|387|590|375|501|1441|591|55|1246|673|975|267|236|1|61|41|56|86|225|237|243|242|682|57|269|238|506|53|5999|61|1345|357|420|49|253|1767|45|1809|1829|1849|213|593|20|291|212|34|372|251|358|679|500|33|298|691|241|44|995|44|233|350|224|590|220|245|240|30|1473|299|502|594|1671|592|852|504|385|509|36|62|44|91|246|353|98|964|354|972|39|1876|44|962|81|76|77|254|996|855|686|1869|82|383|965|856|961|231|218|1758|423|94|266|370|352|371|853|590|212|377|373|261|960|52|692|389|223|356|95|382|976|1670|258|222|1664|596|230|265|60|262|264|687|227|672|234|505|683|31|47|977|674|64|968|92|507|64|51|63|680|675|48|1787|1939|850|351|595|970|689|974|262|40|7|250|966|249|221|65|500|4779|677|232|503|378|252|508|381|211|239|597|421|386|46|268|1721|248|963|1649|235|228|66|992|690|993|670|676|1868|216|90|688|886|255|256|380|598|1|998|3906698|379|1784|58|1284|1340|84|678|681|685|967|27|260|263)(9[976]\d|8[987530]\d|6[987]\d|5[90]\d|42\d|3[875]\d|2[98654321]\d|9[8543210]|8[6421]|6[6543210]|5[87654321]|4[987654310]|3[9643210]|2[70]|7|1)\d{4,20}$/;

function walk(components: unknown[] | undefined, path: string[], data: Record<string, unknown>, issues: FormFieldIssue[]): void {
  for (const raw of components ?? []) {
    if (!raw || typeof raw !== 'object') continue;
    const c = raw as Component;
    // a hidden component is not validated, nor anything inside it (form-js drops its data on submit)
    if (isHidden(c, data)) continue;
    if (c.type === 'dynamiclist') continue; // repeated groups: each row's scope differs; not checked here (docs/api.md)
    if (Array.isArray(c.components)) {
      walk(c.components, c.path ? [...path, ...c.path.split('.')] : path, data, issues);
      continue;
    }
    if (!c.key || !INPUTS.has(c.type ?? '')) continue;
    const keyPath = [...path, ...c.key.split('.')];
    const messages = checkField(c, valueAt(data, keyPath), data);
    for (const message of messages) issues.push({ field: keyPath.join('.'), id: c.id, label: c.label, message });
  }
}

function checkField(c: Component, value: unknown, data: Record<string, unknown>): string[] {
  const validate = evaluateValidate(c.validate ?? {}, data);
  const unset = value === undefined || value === null || value === '';
  const messages: string[] = [];
  if (validate.required && (unset || (c.type === 'checkbox' && value === false) || (Array.isArray(value) && value.length === 0))) {
    messages.push('Trường này là bắt buộc.');
  }
  if (unset) return messages;
  const typeProblem = checkType(c, value);
  if (typeProblem) return [...messages, typeProblem];
  if (c.type === 'number') messages.push(...checkNumber(c, Number(value)));
  if (typeof validate.pattern === 'string' && typeof value === 'string' && !safeRegExp(validate.pattern)?.test(value)) {
    messages.push(typeof validate.patternErrorMessage === 'string' && validate.patternErrorMessage ? validate.patternErrorMessage : 'Giá trị không đúng định dạng.');
  }
  const n = Number(value);
  if (isNumeric(validate.min) && value !== '' && typeof value !== 'boolean' && n < Number(validate.min)) messages.push(`Giá trị nhỏ nhất là ${String(validate.min)}.`);
  if (isNumeric(validate.max) && value !== '' && typeof value !== 'boolean' && n > Number(validate.max)) messages.push(`Giá trị lớn nhất là ${String(validate.max)}.`);
  if (typeof value === 'string') {
    const length = value.trim().length;
    if (isNumeric(validate.minLength) && length < Number(validate.minLength)) messages.push(`Cần ít nhất ${String(validate.minLength)} ký tự.`);
    if (isNumeric(validate.maxLength) && length > Number(validate.maxLength)) messages.push(`Tối đa ${String(validate.maxLength)} ký tự.`);
    if (validate.validationType === 'email' && !EMAIL_PATTERN.test(value)) messages.push('Địa chỉ thư điện tử không hợp lệ.');
    if (validate.validationType === 'phone' && !PHONE_PATTERN.test(value)) messages.push('Số điện thoại không hợp lệ (định dạng quốc tế, ví dụ +84912345678).');
  }
  return messages;
}

/** the JSON type (and, for a field with fixed options, the option) the field produces; null when right */
function checkType(c: Component, value: unknown): string | null {
  const options = Array.isArray(c.values) ? c.values.map((v) => v?.value) : null;
  const allowed = (v: unknown) => !options || options.length === 0 || options.some((o) => o === v);
  switch (c.type) {
    case 'number':
      // a number field set to "serialize to string" submits its digits as a string
      if (c.serializeToString && typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? null : 'Giá trị phải là một số.';
      return typeof value === 'number' && Number.isFinite(value) ? null : 'Giá trị phải là một số.';
    case 'checkbox':
      return typeof value === 'boolean' ? null : 'Giá trị phải là đúng/sai (true/false).';
    case 'checklist':
    case 'taglist':
      // a list of values, not limited to the listed options: the receive and supplement step panels
      // (docs/web.md) let the officer add missing items in free text beside the catalog's components
      if (!Array.isArray(value)) return 'Giá trị phải là một danh sách.';
      return value.every((v) => typeof v === 'string' || typeof v === 'number') ? null : 'Danh sách chỉ gồm các giá trị dạng văn bản.';
    case 'radio':
    case 'select':
      return allowed(value) ? null : 'Giá trị không thuộc các lựa chọn của trường.';
    case 'datetime':
      if (typeof value !== 'string') return 'Giá trị phải là ngày/giờ dạng chuỗi ISO 8601.';
      if (c.subtype === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'Ngày phải có dạng YYYY-MM-DD.';
      return null;
    default:
      return typeof value === 'string' ? null : 'Giá trị phải là văn bản.';
  }
}

/** form-js's runNumberValidation: decimal digits and increment, in exact decimal arithmetic */
function checkNumber(c: Component, value: number): string[] {
  const messages: string[] = [];
  if (typeof c.decimalDigits === 'number' && c.decimalDigits >= 0 && decimals(String(value)) > c.decimalDigits) {
    messages.push(c.decimalDigits === 0 ? 'Giá trị phải là số nguyên.' : `Tối đa ${c.decimalDigits} chữ số thập phân.`);
  }
  if (c.increment !== undefined && isNumeric(c.increment) && Number(c.increment) > 0) {
    const scale = Math.max(decimals(String(value)), decimals(String(c.increment)));
    if (scale <= 15) {
      const v = BigInt(Math.round(value * 10 ** scale));
      const step = BigInt(Math.round(Number(c.increment) * 10 ** scale));
      const offset = ((v % step) + step) % step;
      if (offset !== 0n) {
        const below = Number(v - offset) / 10 ** scale;
        messages.push(`Giá trị không hợp lệ; hai giá trị hợp lệ gần nhất là ${below} và ${below + Number(c.increment)}.`);
      }
    }
  }
  return messages;
}

function decimals(text: string): number {
  const m = /^-?\d*(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(text);
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

function isNumeric(v: unknown): boolean {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
}

function isHidden(c: Component, data: Record<string, unknown>): boolean {
  const hide = c.conditional?.hide;
  if (typeof hide === 'boolean') return hide;
  if (typeof hide !== 'string' || !hide.trim().startsWith('=')) return false;
  return feel(hide, data) === true;
}

/** FEEL-valued validation properties (`"=…"`) take their value from the data, as in form-js */
function evaluateValidate(validate: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(validate)) {
    out[k] = typeof v === 'string' && v.trim().startsWith('=') && k !== 'pattern' ? (feel(v, data) ?? undefined) : v;
  }
  return out;
}

/** a form's FEEL expression; one that does not evaluate is null (form-js treats it the same) */
function feel(expression: string, data: Record<string, unknown>): unknown {
  try {
    return evaluate(expression.trim().slice(1), data).value;
  } catch {
    return null;
  }
}

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

function valueAt(data: Record<string, unknown>, path: string[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}
