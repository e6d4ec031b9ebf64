import { deployedFormKey, ErrorCode, hashOfFormKey, type ExecutableGraph, type FormSchema, type ScopeNode } from '@tthc/contracts';
import { ApiError } from '../common/errors/api-error';
import type { CompileIssue } from '../deployments/bpmn-port';

/**
 * The form-js schemas sent with a deployment, checked: each one a JSON object with a string
 * `id` (the form key) and a `components` array; no two with the same id. 422 FORM_INVALID.
 */
export function parseFormSchemas(raw: unknown[], source = 'forms'): FormSchema[] {
  const seen = new Set<string>();
  return raw.map((value, i) => {
    const where = `${source}[${i}]`;
    const s = value as Partial<FormSchema> | null;
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw formInvalid(`${where} is not a form-js schema (a JSON object)`, where);
    if (typeof s.id !== 'string' || !/^[A-Za-z0-9_.:-]{1,255}$/.test(s.id)) throw formInvalid(`${where} has no valid "id" (the form key: letters, digits, _ . : -)`, where);
    if (!Array.isArray(s.components)) throw formInvalid(`form ${s.id} has no "components" array`, s.id);
    if (seen.has(s.id)) throw formInvalid(`two forms have the id ${s.id}`, s.id);
    seen.add(s.id);
    return s as FormSchema;
  });
}

/** A form file's JSON (multipart part or a file next to the BPMN); bad JSON → 422 FORM_INVALID. */
export function parseFormFile(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw formInvalid(`${name} is not JSON: ${(err as Error).message}`, name);
  }
}

/**
 * The keys of forms deployed with the version that the graph's nodes name (`tthc:formKey`,
 * nested scopes included); `sha256:<hex>` keys name a stored form by its hash and need none.
 */
export function formKeysOf(graph: ExecutableGraph): Set<string> {
  const keys = new Set<string>();
  const walk = (scope: ScopeNode) => {
    for (const node of Object.values(scope.nodes)) {
      if (node.formKey && !hashOfFormKey(node.formKey)) keys.add(deployedFormKey(node.formKey));
      if (node.scope) walk(node.scope);
    }
  };
  walk(graph.root);
  return keys;
}

/**
 * The forms one process of the deployment uses: those its tasks name. A key with no form →
 * a warning (the task keeps the variable editor), never a refusal.
 */
export function formsOfProcess(graph: ExecutableGraph, forms: FormSchema[]): { used: FormSchema[]; warnings: CompileIssue[] } {
  const byId = new Map(forms.map((f) => [f.id, f]));
  const used: FormSchema[] = [];
  const warnings: CompileIssue[] = [];
  for (const key of [...formKeysOf(graph)].sort()) {
    const form = byId.get(key);
    if (form) used.push(form);
    else warnings.push({ elementId: graph.processKey, rule: 'form-missing', message: `no form-js form "${key}" was deployed with process ${graph.processKey}: its task shows the variable editor` });
  }
  return { used, warnings };
}

function formInvalid(message: string, form: string): ApiError {
  return new ApiError(ErrorCode.FORM_INVALID, message, [{ form, message }]);
}
