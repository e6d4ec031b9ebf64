import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ApiError } from './api-client';

/** Camunda 8's prefix for a form embedded in the BPMN (the API strips it too) */
const CAMUNDA_PREFIX = 'camunda-forms:bpmn:';

/**
 * The form keys a BPMN's tasks name (`tthc:formKey="<id>"`, whatever the namespace prefix).
 * `sha256:<hex>` keys name a form the API already stores (the designer's) and need no file.
 */
export function formKeysOf(xml: string): string[] {
  const keys = new Set<string>();
  for (const m of xml.matchAll(/\s[A-Za-z_][\w.-]*:formKey\s*=\s*"([^"]+)"/g)) {
    const key = m[1].startsWith(CAMUNDA_PREFIX) ? m[1].slice(CAMUNDA_PREFIX.length) : m[1];
    if (!key.startsWith('sha256:')) keys.add(key);
  }
  return [...keys].sort();
}

/**
 * The form files to send with one BPMN file: `<id>.form.json` for each key it names, from
 * `formsDir` (`--forms`) or else the `forms/` folder next to the BPMN (processes/forms for the
 * shipped procedures). A key without a file is left to the API, which warns `form-missing`.
 */
export function formsFor(file: string, xml: string, formsDir?: string): Array<{ name: string; json: string }> {
  const dir = formsDir ?? join(dirname(file), 'forms');
  if (formsDir !== undefined && !(existsSync(formsDir) && statSync(formsDir).isDirectory())) {
    throw new ApiError('FILE_UNREADABLE', `cannot read the forms folder ${formsDir}: not a directory`);
  }
  const out: Array<{ name: string; json: string }> = [];
  for (const key of formKeysOf(xml)) {
    const path = join(dir, `${key}.form.json`);
    if (!existsSync(path)) continue;
    try {
      out.push({ name: basename(path), json: readFileSync(path, 'utf8') });
    } catch (err) {
      throw new ApiError('FILE_UNREADABLE', `cannot read ${path}: ${(err as { code?: string }).code ?? (err as Error).message}`);
    }
  }
  return out;
}
