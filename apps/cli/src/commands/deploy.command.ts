import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { print } from '../output';
import { ApiClient, ApiError, type DeployedProcess, type DeploymentResult } from './api-client';
import { readFileOrFail, runCommand } from './api-client-failure';
import type { CommandModule } from './index';

/** `tthc deploy FILE…` — deploys each BPMN file (one deployment per file, in order; stops at the first refusal). */
export const deployCommand: CommandModule = {
  register(program: Command) {
    program
      .command('deploy')
      .description('deploy BPMN files to the API (refused with the element ids when invalid or non-compliant)')
      .argument('<files...>', 'BPMN 2.0 XML files')
      .option('--json', 'print JSON')
      .action((files: string[], o: { json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const client = ApiClient.fromEnv();
          const xmls = files.map((file) => ({ file, xml: readFileOrFail((p) => readFileSync(p, 'utf8'), file) }));
          await client.login(); // auth failures are not about a file
          const processes: Array<DeployedProcess & { file: string }> = [];
          const warnings: NonNullable<DeploymentResult['warnings']> = [];
          for (const { file, xml } of xmls) {
            const result = await client.deploy(xml).catch((e: unknown) => {
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
