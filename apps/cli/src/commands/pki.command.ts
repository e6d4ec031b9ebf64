import type { Command } from 'commander';
import { initDevPki, provisionDevToken, SigningError } from '@tthc/signing';
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
    pki
      .command('dev-token')
      .description('generate an officer key ON a PKCS#11 token (e.g. SoftHSM2) with a TEST certificate from the dev agency CA')
      .requiredOption('--pki <dir>', 'directory made by `tthc pki dev-init`')
      .requiredOption('--pkcs11-module <lib>', 'PKCS#11 module')
      .requiredOption('--slot <n>', 'slot ID or index')
      .option('--pin <pin>', 'user PIN (or env TTHC_PIN)')
      .requiredOption('--key-label <label>', 'label for the new key and certificate')
      .requiredOption('--name <name>', 'officer name (certificate CN)')
      .option('--title <title>', 'officer title')
      .option('--agency <name>', 'agency (certificate O)', 'UBND xã Tân Phú (thử nghiệm)')
      .option('--json', 'print JSON')
      .action((o: { pki: string; pkcs11Module: string; slot: string; pin?: string; keyLabel: string; name: string; title?: string; agency: string; json?: boolean }) =>
        runCommand(!!o.json, async () => {
          const pin = o.pin ?? process.env.TTHC_PIN;
          if (!pin) throw new SigningError('SIGNING_INVALID_INPUT', '--pin (or TTHC_PIN) is required');
          await provisionDevToken(o.pki, {
            module: o.pkcs11Module,
            slot: Number(o.slot),
            pin,
            label: o.keyLabel,
            subject: { commonName: o.name, title: o.title, organization: o.agency },
          });
          print(!!o.json, { ok: true, keyLabel: o.keyLabel }, () => `key "${o.keyLabel}" generated on the token with a TEST certificate for ${o.name}`);
        }),
      );
  },
};
