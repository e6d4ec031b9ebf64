import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ChainsVerificationView } from './api-client';
import { print } from '../output';
import { ApiClient } from './api-client';
import { readFileOrFail, runCommand } from './api-client-failure';
import { verifyBundle, type BundleVerification } from './audit/verify-bundle';
import type { CommandModule } from './index';

/** `tthc audit …` — the auditor's tools (issue 13). */
export const auditCommands: CommandModule = {
  register(program: Command) {
    const audit = program.command('audit').description('auditor tools: verify the audit and dossier chains');
    audit
      .command('verify')
      .description('recompute the administrative audit chain and every dossier event chain; names the first broken entry')
      .option('--json', 'print JSON')
      .action((o: { json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const r = await ApiClient.fromEnv().call<ChainsVerificationView>('GET', '/api/v1/audit/verify');
          print(!!o.json, r, () => formatVerify(r));
          if (!r.ok) process.exitCode = 1;
        }),
      );
    audit
      .command('export')
      .description('download the signed audit bundle (ZIP) of one dossier')
      .argument('<dossier>', 'dossier code (or id)')
      .requiredOption('--out <file>', 'the ZIP file to write')
      .option('--documents', 'include the documents\' bytes (default: their hashes and signature status only)')
      .option('--json', 'print JSON')
      .action((ref: string, o: { out: string; documents?: boolean; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const bytes = await ApiClient.fromEnv().download(`/api/v1/audit/dossiers/${encodeURIComponent(ref)}/export${o.documents ? '?documents=true' : ''}`);
          const tmp = `${o.out}.${process.pid}.tmp`;
          writeFileSync(tmp, bytes);
          renameSync(tmp, o.out);
          print(!!o.json, { file: o.out, bytes: bytes.length }, () => `wrote ${o.out} (${bytes.length} bytes)`);
        }),
      );
    program
      .command('verify-bundle')
      .description('verify a signed audit bundle offline: signature, manifest hashes, event chain, documents')
      .argument('<file>', 'the ZIP written by `tthc audit export`')
      .option('--key <pem>', 'the audit public key to trust (PEM); default: only the key inside the bundle')
      .option('--json', 'print JSON')
      .action((file: string, o: { key?: string; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const bytes = Buffer.from(readFileOrFail((p) => readFileSync(p, 'latin1'), file), 'latin1');
          const key = o.key ? readFileOrFail((p) => readFileSync(p, 'utf8'), o.key) : undefined;
          const r = verifyBundle(bytes, file, key);
          print(!!o.json, r, () => formatBundle(file, r));
          if (!r.valid) process.exitCode = 1;
        }),
      );
  },
};

function formatBundle(file: string, r: BundleVerification): string {
  const head = `${file}: ${r.valid ? 'VALID' : 'NOT VALID'} — dossier ${r.dossier?.code ?? r.dossier?.id ?? '?'}, ${r.entries} entries, ${r.events} events, key ${r.keyId ?? '?'}${r.keyPinned ? ' (trusted)' : ' (bundle\'s own key; pin it with --key)'}`;
  return [head, ...r.problems.map((p) => `  - ${p}`)].join('\n');
}

export function formatVerify(r: ChainsVerificationView): string {
  const lines = [
    `audit chain: ${r.audit.ok ? 'OK' : 'BROKEN'} (${r.audit.count} entries verified, ${r.audit.checkpoints} signed checkpoints)`,
    `dossier chains: ${r.dossiers.ok ? 'OK' : 'BROKEN'} (${r.dossiers.checked} dossiers, ${r.dossiers.events} events, ${r.dossiers.checkpoints?.checkpoints ?? 0} signed checkpoints of their heads)`,
  ];
  const f = r.firstBroken;
  if (f?.chain === 'audit') lines.push(`first broken entry: audit #${f.seq} (${f.reason})`);
  if (f?.chain === 'dossier-checkpoint') lines.push(`first broken entry: dossier checkpoint #${f.seq} (${f.reason})`);
  if (f?.chain === 'dossier') lines.push(`first broken entry: dossier ${f.code ?? f.dossierId} event #${f.seq} (${f.reason})`);
  return lines.join('\n');
}
