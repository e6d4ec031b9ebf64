import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ReplayCheckResult } from '@tthc/contracts';
import { print } from '../output';
import { ApiClient, ApiError } from './api-client';
import { readFileOrFail, runCommand } from './api-client-failure';
import type { CommandModule } from './index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReplayOutput extends ReplayCheckResult {
  instanceId: string;
  dossierId: string | null;
}

/**
 * `tthc replay <dossier code | instance id>` — the determinism check: the API has a worker
 * replay the instance's Temporal history (or the one in `--history FILE`) with the current
 * workflow code. Exit 0 when deterministic, 1 when not (the verdict is printed either way).
 */
export const replayCommand: CommandModule = {
  register(program: Command) {
    program
      .command('replay')
      .description('replay a dossier\'s Temporal history against the current worker code (determinism check)')
      .argument('<target>', 'dossier code (STP.MOTCUA-261202-0001) or process instance id')
      .option('--history <file>', 'check this history (proto JSON, `temporal workflow show -o json`) instead of the stored one')
      .option('--json', 'print JSON')
      .action((target: string, o: { json?: boolean; history?: string }) =>
        runCommand(!!o.json, async () => {
          const history = o.history ? readHistory(o.history) : undefined;
          const client = ApiClient.fromEnv();
          const instanceId = await resolveInstance(client, target);
          const result = await client.call<ReplayOutput>('POST', `/api/v1/process-instances/${encodeURIComponent(instanceId)}/replay`, { json: history !== undefined ? { history } : {} });
          print(!!o.json, result, () => formatReplay(target, result));
          if (!result.deterministic) process.exitCode = 1;
        }),
      );
  },
};

function readHistory(file: string): unknown {
  const text = readFileOrFail((p) => readFileSync(p, 'utf8'), file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('HISTORY_INVALID', `${file} is not JSON (${(err as Error).message}): a truncated file?`);
  }
}

/** An instance id as given; a dossier code through `GET /dossiers?code=` (scoped like every read). */
export async function resolveInstance(client: ApiClient, target: string): Promise<string> {
  if (UUID.test(target)) return target;
  const page = await client.call<{ items: Array<{ code: string | null; instanceId: string }> }>('GET', `/api/v1/dossiers?code=${encodeURIComponent(target)}&limit=1`);
  const hit = page.items?.find((d) => d.code === target);
  if (!hit) throw new ApiError('NOT_FOUND', `dossier ${target} not found`, 404);
  return hit.instanceId;
}

function formatReplay(target: string, r: ReplayOutput): string {
  if (r.deterministic) return `${target}: deterministic (${r.events} events replayed with the current worker code)`;
  const at = r.divergence?.eventId ? ` at event ${r.divergence.eventId}` : '';
  return `${target}: NOT deterministic${at} (${r.events} events): ${r.divergence?.message ?? 'unknown divergence'}`;
}
