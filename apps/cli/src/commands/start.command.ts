import type { Command } from 'commander';
import { print } from '../output';
import { ApiClient, ApiError, type ProcessInstance, type StartInstanceRequest } from './api-client';
import { runCommand } from './api-client-failure';
import type { CommandModule } from './index';

interface StartFlags {
  vars?: string;
  businessKey?: string;
  version?: string;
  wait?: boolean;
  timeout: string;
  json?: boolean;
}

/**
 * `tthc start KEY` — starts an instance. With `--wait` it polls
 * `GET /process-instances/:id` until the state is no longer ACTIVE and prints the final
 * instance; the exit code is 0 only when it COMPLETED.
 */
export const startCommand: CommandModule = {
  register(program: Command) {
    program
      .command('start')
      .description('start a process instance (latest version unless --version)')
      .argument('<key>', 'process key')
      .option('--vars <json>', 'start variables, a JSON object')
      .option('--business-key <key>', 'business key (e.g. the dossier code)')
      .option('--version <n>', 'process version to start')
      .option('--wait', 'wait until the instance is no longer ACTIVE and print its final state')
      .option('--timeout <seconds>', 'with --wait: give up after this many seconds', '300')
      .option('--json', 'print JSON')
      .action((key: string, o: StartFlags) =>
        runCommand(!!o.json, async () => {
          const req = buildRequest(key, o);
          const timeoutS = Number(o.timeout);
          if (!(timeoutS > 0)) throw new ApiError('BAD_ARGUMENT', `--timeout must be a positive number of seconds, got '${o.timeout}'`);
          const client = ApiClient.fromEnv();
          const { id } = await client.startInstance(req);
          if (!o.wait) {
            print(!!o.json, { id }, () => `started ${key}: ${id}`);
            return;
          }
          const final = await waitUntilSettled(client, id, timeoutS * 1000);
          print(!!o.json, final, () => `${final.id} ${final.state}`);
          if (final.state !== 'COMPLETED') {
            process.stderr.write(`tthc: INSTANCE_${final.state}: instance ${final.id} ended ${final.state}\n`);
            process.exitCode = 1;
          }
        }),
      );
  },
};

export function buildRequest(key: string, o: Pick<StartFlags, 'vars' | 'businessKey' | 'version'>): StartInstanceRequest {
  const req: StartInstanceRequest = { processKey: key };
  if (o.vars !== undefined) {
    let vars: unknown;
    try {
      vars = JSON.parse(o.vars);
    } catch (err) {
      throw new ApiError('BAD_ARGUMENT', `--vars is not valid JSON: ${(err as Error).message}`);
    }
    if (!vars || typeof vars !== 'object' || Array.isArray(vars)) throw new ApiError('BAD_ARGUMENT', '--vars must be a JSON object');
    req.variables = vars as Record<string, unknown>;
  }
  if (o.businessKey) req.businessKey = o.businessKey;
  if (o.version !== undefined) {
    const v = Number(o.version);
    if (!Number.isInteger(v) || v < 1) throw new ApiError('BAD_ARGUMENT', `--version must be a positive integer, got '${o.version}'`);
    req.version = v;
  }
  return req;
}

/** Polls with a growing interval (250 ms → 2 s) until the instance leaves ACTIVE. */
async function waitUntilSettled(client: ApiClient, id: string, timeoutMs: number): Promise<ProcessInstance> {
  const deadline = Date.now() + timeoutMs;
  let delay = 250;
  for (;;) {
    const instance = await client.getInstance(id);
    if (instance.state !== 'ACTIVE') return instance;
    if (Date.now() + delay > deadline) {
      throw new ApiError('TIMEOUT', `instance ${id} is still ACTIVE after ${Math.round(timeoutMs / 1000)} s (at ${instance.activeElementIds?.join(', ') || '?'})`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2000);
  }
}
