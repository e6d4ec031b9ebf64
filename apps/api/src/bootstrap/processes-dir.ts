import { Logger } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_DEPLOYER, type DeployBpmnUseCase } from '../deployments/deploy-bpmn.usecase';
import { parseFormFile, parseFormSchemas } from '../forms/deployment-forms';

/**
 * Deploys every `*.bpmn` of a directory at start, each with the form-js forms of
 * `<dir>/forms/<id>.form.json` its user tasks name (`tthc:formKey="<id>"`). Unchanged processes are skipped by
 * graph hash (no new version); a broken file is logged and does not stop the API.
 */
export async function deployProcessesDir(dir: string, deploy: DeployBpmnUseCase, verbose = true): Promise<Array<{ file: string; ok: boolean; created?: number; error?: string }>> {
  const log = new Logger('processes');
  if (!existsSync(dir)) return [];
  const results = [];
  // the shipped forms: each process keeps those its tasks name (tthc:formKey)
  let forms: ReturnType<typeof formsOfDir> = [];
  try {
    forms = formsOfDir(dir);
  } catch (err) {
    log.error(`${join(dir, 'forms')}: the forms are not deployed (their tasks keep the variable editor): ${(err as Error).message}`);
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort()) {
    try {
      const res = await deploy.execute(readFileSync(join(dir, file), 'utf8'), SYSTEM_DEPLOYER, file, undefined, forms);
      const created = res.processes.filter((p) => p.created).length;
      // stdout, not the Nest logger: the deployed versions are worth seeing at every start
      if (verbose) process.stdout.write(`[api] ${file}: ${res.processes.map((p) => `${p.key}@${p.version}`).join(', ')}${created ? '' : ' (unchanged)'}\n`);
      results.push({ file, ok: true, created });
    } catch (err) {
      const e = err as { message?: string; details?: unknown };
      log.warn(`${file}: not deployed: ${e.message}${e.details ? ` ${JSON.stringify(e.details)}` : ''}`);
      results.push({ file, ok: false, error: e.message });
    }
  }
  return results;
}

/** The form-js schemas of `<dir>/forms/*.form.json` (none when the folder is absent); a file is named after its form's id. */
export function formsOfDir(dir: string) {
  const folder = join(dir, 'forms');
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder).filter((f) => f.endsWith('.form.json')).sort();
  const forms = parseFormSchemas(files.map((f) => parseFormFile(readFileSync(join(folder, f), 'utf8'), f)), folder);
  forms.forEach((form, i) => {
    if (`${form.id}.form.json` !== files[i]) throw new Error(`${files[i]}: the form's id is ${form.id}; name the file ${form.id}.form.json`);
  });
  return forms;
}
