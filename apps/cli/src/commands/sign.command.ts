import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Pkcs11KeyProvider, Pkcs12KeyProvider, pemToDer, signFile, SigningError, SigningKeyProvider } from '@tthc/signing';
import { print } from '../output';
import { runCommand } from './api-client-failure';
import type { CommandModule } from './index';

interface SignOpts {
  out: string;
  p12?: string;
  password?: string;
  pkcs11Module?: string;
  slot?: string;
  pin?: string;
  keyLabel?: string;
  chain?: string;
  reason?: string;
  tsa?: string;
  detached?: boolean;
  field?: string;
  stamp: boolean;
  json?: boolean;
}

async function openProvider(o: SignOpts): Promise<SigningKeyProvider> {
  const usage = 'use --p12 FILE --password P, or --pkcs11-module LIB --slot N --pin P --key-label L';
  if (o.p12 && o.pkcs11Module) throw new SigningError('SIGNING_INVALID_INPUT', `choose one key source: ${usage}`);
  if (o.p12) {
    const password = o.password ?? process.env.TTHC_P12_PASSWORD;
    if (password === undefined) throw new SigningError('SIGNING_INVALID_INPUT', '--password (or TTHC_P12_PASSWORD) is required with --p12');
    let data: Buffer;
    try {
      data = readFileSync(o.p12);
    } catch (e) {
      throw new SigningError('SIGNING_INVALID_INPUT', `cannot read ${o.p12}: ${(e as NodeJS.ErrnoException).code}`);
    }
    return Pkcs12KeyProvider.open(data, password);
  }
  if (o.pkcs11Module) {
    const pin = o.pin ?? process.env.TTHC_PIN;
    if (o.slot === undefined || pin === undefined || !o.keyLabel) throw new SigningError('SIGNING_INVALID_INPUT', `--slot, --pin and --key-label are required: ${usage}`);
    const slot = Number(o.slot);
    if (!Number.isInteger(slot) || slot < 0) throw new SigningError('SIGNING_INVALID_INPUT', `--slot must be a number, got "${o.slot}"`);
    return Pkcs11KeyProvider.open({
      module: o.pkcs11Module,
      slot,
      pin,
      keyLabel: o.keyLabel,
      extraChain: o.chain ? pemToDer(readFileSync(o.chain, 'latin1')) : undefined,
    });
  }
  throw new SigningError('SIGNING_INVALID_INPUT', `no signing key: ${usage}`);
}

/**
 * `tthc sign IN --out OUT …` — PAdES signature with a visible Vietnamese stamp (or a
 * detached CAdES .p7s with --detached), key from a PKCS#12 file (development) or a
 * PKCS#11 token. OUT is written atomically; nothing is written on error.
 */
export const signCommand: CommandModule = {
  register(program: Command) {
    program
      .command('sign')
      .description('digitally sign a PDF (PAdES, visible stamp) or any file (--detached CAdES)')
      .argument('<in>', 'file to sign')
      .requiredOption('--out <file>', 'signed PDF, or the .p7s with --detached')
      .option('--p12 <file>', 'PKCS#12 key file (development only)')
      .option('--password <password>', 'PKCS#12 password (or env TTHC_P12_PASSWORD)')
      .option('--pkcs11-module <lib>', 'PKCS#11 module of the token/HSM')
      .option('--slot <n>', 'token slot ID or index')
      .option('--pin <pin>', 'token PIN (or env TTHC_PIN)')
      .option('--key-label <label>', 'label of the key on the token')
      .option('--chain <pem>', 'issuer certificates to embed when the token holds only the signer certificate')
      .option('--reason <text>', 'reason shown on the stamp (Lý do)')
      .option('--tsa <url>', 'RFC 3161 time-stamp authority (PAdES B-T)')
      .option('--detached', 'detached CAdES signature for a non-PDF file')
      .option('--field <name>', 'sign into this empty signature field of the form (or name the new field)')
      .option('--no-stamp', 'invisible signature (no stamp on the page)')
      .option('--json', 'print JSON')
      .action((input: string, o: SignOpts) =>
        runCommand(!!o.json, async () => {
          const provider = await openProvider(o);
          try {
            const r = await signFile({
              input,
              output: o.out,
              provider,
              format: o.detached ? 'detached' : 'pdf',
              reason: o.reason,
              tsaUrl: o.tsa,
              stamp: o.stamp ? undefined : false,
              field: o.field,
            });
            print(!!o.json, r, () => `signed ${input} → ${r.output} (${r.format === 'pdf' ? 'PAdES' : 'detached CAdES'}${o.tsa ? ', time-stamped' : ''})`);
          } finally {
            await provider.close?.();
          }
        }),
      );
  },
};
