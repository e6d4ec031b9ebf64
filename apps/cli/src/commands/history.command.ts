import type { Command } from 'commander';
import { print } from '../output';
import { ApiClient, type InstanceHistory } from './api-client';
import { runCommand } from './api-client-failure';
import type { CommandModule } from './index';

/** `tthc history ID` — the ordered element history of an instance (the audit timeline). */
export const historyCommand: CommandModule = {
  register(program: Command) {
    program
      .command('history')
      .description('show the history of a process instance')
      .argument('<id>', 'process instance id')
      .option('--json', 'print JSON')
      .action((id: string, o: { json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const history = await ApiClient.fromEnv().getHistory(id);
          print(!!o.json, history, () => formatHistory(history));
        }),
      );
  },
};

export function formatHistory(h: InstanceHistory): string {
  if (!h.elements?.length) return '(no history yet)';
  const rows = h.elements.map((e) => [
    e.startedAt ?? '',
    e.endedAt ?? '',
    e.state,
    e.elementType,
    e.elementId,
    e.name ?? '',
    e.by ?? '',
  ]);
  const header = ['STARTED', 'ENDED', 'STATE', 'TYPE', 'ELEMENT', 'NAME', 'BY'];
  const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
