import type { Command } from 'commander';
import type { BatchReport, IncidentCounts, IncidentListItem, MigrationBatchProgress, MigrationBatchStarted, ModificationInstruction } from '@tthc/contracts';
import { print } from '../output';
import { ApiClient, ApiError, type ProcessInstance } from './api-client';
import { runCommand } from './api-client-failure';
import type { CommandModule } from './index';

/** how often `tthc migrate` asks a running batch for its progress */
const BATCH_POLL_MS = 1000;

/**
 * Operating running instances (docs/cli.md): `tthc migrate`, `tthc modify`, `tthc incidents` and
 * `tthc incidents retry` — each one call (or a few) of the API's operations endpoints.
 */
export const instancesCommands: CommandModule = {
  register(program: Command) {
    program
      .command('migrate')
      .description('migrate running instances to another version of their process (element mapping with --map old=new)')
      .argument('[instanceIds...]', 'instances to migrate (or --all --process KEY)')
      .option('--to <version>', 'target version')
      .option('--map <old=new>', 'element mapping, repeatable (an element whose id is unchanged maps to itself)', collect, [])
      .option('--all', 'every active instance of --process (of --from, if given) that is not on the target version')
      .option('--process <key>', 'with --all: the process key')
      .option('--from <version>', 'with --all: only instances of this version')
      .option('--batch <id>', 'the progress of a batch the API runs asynchronously (no other option needed)')
      .option('--json', 'print JSON')
      .action((ids: string[], o: { to?: string; map: string[]; all?: boolean; process?: string; from?: string; batch?: string; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const client = ApiClient.fromEnv();
          if (o.batch) return finish(!!o.json, await followBatch(client, o.batch));
          if (!o.to) throw new ApiError('BAD_ARGUMENT', 'give --to VERSION');
          const targetVersion = positive('--to', o.to);
          const mapping = parseMapping(o.map);
          if (!o.all) {
            if (ids.length === 0) throw new ApiError('BAD_ARGUMENT', 'give instance ids, or --all --process KEY');
            if (ids.length === 1) {
              const r = await client.call<{ instanceId: string; fromVersion: number; toVersion: number; applied: Record<string, string> }>('POST', `/api/v1/process-instances/${encodeURIComponent(ids[0])}/migration`, { json: { targetVersion, mapping } });
              print(!!o.json, r, () => `${r.instanceId}: version ${r.fromVersion} → ${r.toVersion} (${Object.entries(r.applied).map(([a, b]) => (a === b ? a : `${a} → ${b}`)).join(', ') || 'no active element'})`);
              return;
            }
          }
          if (o.all && !o.process) throw new ApiError('BAD_ARGUMENT', '--all needs --process KEY');
          const processKey = o.process ?? (await client.getInstance(ids[0])).processKey;
          const which = o.all ? (o.from ? { fromVersion: positive('--from', o.from) } : {}) : { instanceIds: ids };
          // the API migrates up to its synchronous limit at once; above it a batch workflow does, and we follow its progress
          const answer = await client.call<BatchReport | MigrationBatchStarted>('POST', '/api/v1/process-instances/migrations', { json: { processKey, targetVersion, mapping, ...which } });
          finish(!!o.json, 'batchId' in answer ? await followBatch(client, answer.batchId) : answer);
        }),
      );

    program
      .command('modify')
      .description('token modification of a running instance: --move a:b, --cancel a, --start-before a, --start-after a (reason required)')
      .argument('<instanceId>', 'instance id')
      .requiredOption('--reason <text>', 'why (written in the audit log)')
      .option('--move <from:to>', 'move the tokens of an element to another, repeatable', collect, [])
      .option('--cancel <element>', 'cancel the active instances of an element, repeatable', collect, [])
      .option('--start-before <element>', 'start a token before an element, repeatable', collect, [])
      .option('--start-after <element>', 'start a token after an element, repeatable', collect, [])
      .option('--vars <json>', 'variables set with the tokens started or moved')
      .option('--json', 'print JSON')
      .action((id: string, o: { reason: string; move: string[]; cancel: string[]; startBefore: string[]; startAfter: string[]; vars?: string; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const variables = o.vars === undefined ? undefined : parseObject('--vars', o.vars);
          const withVars = variables ? { variables } : {};
          const instructions: ModificationInstruction[] = [
            ...o.cancel.map((elementId): ModificationInstruction => ({ kind: 'cancel', elementId })),
            ...o.move.map((m): ModificationInstruction => {
              const [from, to] = m.split(':');
              if (!from || !to) throw new ApiError('BAD_ARGUMENT', `--move takes from:to, got '${m}'`);
              return { kind: 'move', from, to, ...withVars };
            }),
            ...o.startBefore.map((elementId): ModificationInstruction => ({ kind: 'startBefore', elementId, ...withVars })),
            ...o.startAfter.map((elementId): ModificationInstruction => ({ kind: 'startAfter', elementId, ...withVars })),
          ];
          if (instructions.length === 0) throw new ApiError('BAD_ARGUMENT', 'give at least one of --move, --cancel, --start-before, --start-after');
          const r = await ApiClient.fromEnv().call<ProcessInstance>('POST', `/api/v1/process-instances/${encodeURIComponent(id)}/modification`, { json: { instructions, reason: o.reason } });
          print(!!o.json, r, () => `${r.id} ${r.state} at ${r.activeElementIds.join(', ') || '—'}`);
        }),
      );

    const incidents = program.command('incidents').description('open incidents across instances (counts by process and element); `incidents retry` retries them');
    incidents
      .command('list', { isDefault: true })
      .description('list open incidents with counts')
      .option('--process <key>', 'only this process')
      .option('--element <id>', 'only this element')
      .option('--json', 'print JSON')
      .action((o: { process?: string; element?: string; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const q = new URLSearchParams({ ...(o.process ? { processKey: o.process } : {}), ...(o.element ? { elementId: o.element } : {}) });
          const r = await ApiClient.fromEnv().call<{ items: IncidentListItem[]; total: number; counts: IncidentCounts }>('GET', `/api/v1/incidents?${q}`);
          print(!!o.json, r, () =>
            [
              `${r.total} open incident(s)`,
              ...r.counts.byElement.map((c) => `  ${c.processKey} / ${c.elementId}: ${c.count}`),
              ...r.items.map((i) => `${i.instanceId} ${i.processKey} v${i.version} ${i.elementId} ${i.incidentId}: ${i.message}`),
            ].join('\n'),
          );
        }),
      );
    incidents
      .command('retry')
      .description('retry every open incident of --process (and --element), with corrected --vars')
      .requiredOption('--process <key>', 'the process key')
      .option('--element <id>', 'only this element')
      .option('--vars <json>', 'corrected variables set before each retry')
      .option('--json', 'print JSON')
      .action((o: { process: string; element?: string; vars?: string; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const variables = o.vars === undefined ? undefined : parseObject('--vars', o.vars);
          const r = await ApiClient.fromEnv().call<BatchReport>('POST', '/api/v1/incidents/retry', { json: { processKey: o.process, ...(o.element ? { elementId: o.element } : {}), ...(variables ? { variables } : {}) } });
          print(!!o.json, r, () => reportText(r, 'retried'));
          if (r.refused > 0) process.exitCode = 1;
        }),
      );
  },
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ApiError('BAD_ARGUMENT', `${flag} must be a positive integer, got '${value}'`);
  return n;
}

function parseMapping(entries: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const e of entries) {
    const [from, to, ...rest] = e.split('=');
    if (!from || !to || rest.length) throw new ApiError('BAD_ARGUMENT', `--map takes old=new, got '${e}'`);
    mapping[from] = to;
  }
  return mapping;
}

function parseObject(flag: string, text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new ApiError('BAD_ARGUMENT', `${flag} is not valid JSON: ${(err as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ApiError('BAD_ARGUMENT', `${flag} must be a JSON object`);
  return v as Record<string, unknown>;
}

/** polls a batch until it completes, printing its progress on stderr whenever it moved; answers its report */
async function followBatch(client: ApiClient, batchId: string): Promise<BatchReport & { batchId: string }> {
  let shown = '';
  for (;;) {
    const p = await client.call<MigrationBatchProgress>('GET', `/api/v1/process-instances/migrations/${encodeURIComponent(batchId)}`);
    const line = `migrated ${p.done}/${p.total} (ok ${p.ok}, refused ${p.refused})`;
    if (line !== shown) process.stderr.write(`${line}\n`);
    shown = line;
    if (p.state === 'COMPLETED') return { batchId, total: p.total, ok: p.ok, refused: p.refused, items: p.failures };
    await new Promise((r) => setTimeout(r, BATCH_POLL_MS));
  }
}

function finish(json: boolean, report: BatchReport): void {
  print(json, report, () => reportText(report, 'migrated'));
  if (report.refused > 0) process.exitCode = 1;
}

function reportText(r: BatchReport, verb: string): string {
  return [`${verb} ${r.ok} of ${r.total}, refused ${r.refused}`, ...r.items.filter((i) => !i.ok).map((i) => `  ${i.instanceId}${i.incidentId ? ` ${i.incidentId}` : ''}: ${i.code}: ${i.message}`)].join('\n');
}
