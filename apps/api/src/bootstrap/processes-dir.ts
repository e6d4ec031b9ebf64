import { Logger } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_DEPLOYER, type DeployBpmnUseCase } from '../deployments/deploy-bpmn.usecase';
import { parseFormFile, parseFormSchemas } from '../forms/deployment-forms';

/**
 * Deploys every `*.bpmn` of a directory at start, each with the form-js forms in
 * `<name>.forms/*.form.json` next to it (`<name>.bpmn`). Unchanged processes are skipped by
 * graph hash (no new version); a broken file is logged and does not stop the API.
 */
export async function deployProcessesDir(dir: string, deploy: DeployBpmnUseCase, verbose = true): Promise<Array<{ file: string; ok: boolean; created?: number; error?: string }>> {
  const log = new Logger('processes');
  if (!existsSync(dir)) return [];
  const results = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort()) {
    try {
      const res = await deploy.execute(readFileSync(join(dir, file), 'utf8'), SYSTEM_DEPLOYER, file, formsNextTo(dir, file));
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

/** The form-js schemas of `<dir>/<name>.forms/*.form.json` for `<name>.bpmn` (none when the folder is absent). */
export function formsNextTo(dir: string, bpmnFile: string) {
  const folder = join(dir, bpmnFile.replace(/\.bpmn$/, '.forms'));
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder).filter((f) => f.endsWith('.form.json')).sort();
  const forms = parseFormSchemas(files.map((f) => parseFormFile(readFileSync(join(folder, f), 'utf8'), f)), folder);
  forms.forEach((form, i) => {
    if (`${form.id}.form.json` !== files[i]) throw new Error(`${files[i]}: the form's id is ${form.id}; name the file ${form.id}.form.json`);
  });
  return forms;
}
