import type { Command } from 'commander';
import { loadTrustAnchors, SignatureReport, verifyFile } from '@tthc/signing';
import { print } from '../output';
import { runCommand } from './api-client-failure';
import type { CommandModule } from './index';

const collect = (v: string, acc: string[]) => [...acc, v];

function human(valid: boolean, sigs: SignatureReport[]): string {
  if (!sigs.length) return 'NOT VALID: the file has no digital signature';
  const lines = sigs.map((s, i) => {
    const head = `#${i + 1} ${s.field}: ${s.valid ? 'VALID' : 'NOT VALID'} — ${s.signer}${s.signedAt ? `, ${s.signedAt} (${s.timeSource})` : ''}`;
    const facts = `   intact: ${s.intact ? 'yes' : 'NO'}, signature: ${s.signatureValid ? 'ok' : 'BAD'}, trusted: ${s.trusted ? 'yes' : 'NO'}, revocation: ${s.revocation}${s.coversWholeDocument === false ? `, later revisions: ${s.laterRevisions}` : ''}`;
    return [head, facts, ...s.problems.map((p) => `   - ${p.code}: ${p.message}`)].join('\n');
  });
  return [...lines, valid ? 'VALID' : 'NOT VALID'].join('\n');
}

/**
 * `tthc verify FILE --trust PEM [--json]` — verifies every signature of a PDF (or a file
 * with --signature P7S) against the configured trust anchors; exit code 1 when not valid.
 */
export const verifyCommand: CommandModule = {
  register(program: Command) {
    program
      .command('verify')
      .description('verify the digital signatures of a PDF (or a detached .p7s)')
      .argument('<file>', 'signed PDF, or the data file with --signature')
      .option('--trust <pem>', 'trust anchor PEM file (repeatable)', collect, [])
      .option('--signature <p7s>', 'detached CAdES signature of FILE')
      .option('--revocation', 'check CRLs named in the certificates (otherwise revocation is "unknown")')
      .option('--json', 'print JSON')
      .action((file: string, o: { trust: string[]; signature?: string; revocation?: boolean; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          if (!o.trust.length) throw Object.assign(new Error('--trust PEM is required (the trust anchors to verify against)'), { code: 'SIGNING_INVALID_INPUT' });
          const trustAnchors = await loadTrustAnchors(o.trust);
          const report = await verifyFile(file, { trustAnchors, signature: o.signature, revocation: { enabled: !!o.revocation } });
          print(!!o.json, report, () => human(report.valid, report.signatures));
          if (!report.valid) process.exitCode = 1;
        }),
      );
  },
};
