import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { print } from '../output';
import { ApiClient, ApiError, type DeployedProcess, type DeploymentResult } from './api-client';
import { readFileOrFail, runCommand } from './api-client-failure';
import { formsFor } from './deploy-forms';
import type { CommandModule } from './index';

/**
 * `tthc deploy FILE… [--forms DIR]` — deploys each BPMN file with the form-js forms its tasks name
 * (`<formKey>.form.json` in DIR, else in `forms/` next to the file); one deployment per file, in
 * order; stops at the first refusal.
 */
export const deployCommand: CommandModule = {
  register(program: Command) {
    program
      .command('deploy')
      .description('deploy BPMN files to the API (refused with the element ids when invalid or non-compliant)')
      .argument('<files...>', 'BPMN 2.0 XML files')
      .option('--forms <dir>', 'folder of the form-js forms (<formKey>.form.json) the tasks name (default: forms/ next to each file)')
      .option('--json', 'print JSON')
      .action((files: string[], o: { json?: boolean; forms?: string }) =>
        runCommand(!!o.json, async () => {
          const client = ApiClient.fromEnv();
          const xmls = files.map((file) => {
            const xml = readFileOrFail((p) => readFileSync(p, 'utf8'), file);
            return { file, xml, forms: formsFor(file, xml, o.forms) };
          });
          await client.login(); // auth failures are not about a file
          const processes: Array<DeployedProcess & { file: string }> = [];
          const warnings: NonNullable<DeploymentResult['warnings']> = [];
          for (const { file, xml, forms } of xmls) {
            const result = await client.deploy(xml, forms, basename(file)).catch((e: unknown) => {
              throw e instanceof ApiError ? new ApiError(e.code, `${file}: ${e.message}`, e.status, e.details) : e;
            });
            processes.push(...result.processes.map((p) => ({ ...p, file })));
            warnings.push(...(result.warnings ?? []));
          }
          print(!!o.json, { processes, warnings }, () =>
            processes
              .map((p) => `${p.created === false ? 'unchanged' : 'deployed'} ${p.key} version ${p.version} (${p.id}) from ${p.file}`)
              .concat(warnings.map((w) => `warning: ${[w.elementId, w.rule].filter(Boolean).join(' ')}: ${w.message}`))
              .join('\n'),
          );
        }),
      );
  },
};
