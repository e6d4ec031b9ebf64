import type { Command } from 'commander';
import { initDevPki } from '@tthc/signing';
import { print } from '../output';
import { runCommand } from './api-client-failure';
import type { CommandModule } from './index';

/**
 * `tthc pki dev-init --out DIR` — a development PKI: test root CA (trust anchor PEM),
 * agency CA, PKCS#12 files for demo officers and the agency seal. TEST certificates only.
 */
export const pkiCommand: CommandModule = {
  register(program: Command) {
    const pki = program.command('pki').description('development PKI (test certificates only)');
    pki
      .command('dev-init')
      .description('create a test root CA, an agency CA and officer PKCS#12 files in DIR')
      .requiredOption('--out <dir>', 'output directory')
      .option('--password <password>', 'password of the PKCS#12 files', 'tthc-dev')
      .option('--agency <name>', 'agency name on the certificates')
      .option('--json', 'print JSON')
      .action((o: { out: string; password: string; agency?: string; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const r = await initDevPki(o.out, { password: o.password, agency: o.agency });
          print(!!o.json, r, () =>
            [
              `Development PKI (TEST certificates, not for production) in ${r.dir}`,
              `  trust anchor: ${r.trustAnchor}`,
              `  agency CA:    ${r.agencyCa}`,
              ...r.signers.map((s) => `  ${s.role === 'officer' ? 'officer' : 'seal   '}:      ${s.p12}  (${s.name}${s.title ? `, ${s.title}` : ''})`),
              `  PKCS#12 password: ${r.password}`,
            ].join('\n'),
          );
        }),
      );
  },
};
