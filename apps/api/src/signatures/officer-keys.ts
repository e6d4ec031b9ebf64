import { Inject, Injectable } from '@nestjs/common';
import { listAgencies } from '@tthc/persistence';
import { Pkcs11KeyProvider, Pkcs12KeyProvider, SigningError, SigningErrorCode, type SigningKeyProvider } from '@tthc/signing';
import { promises as fs } from 'node:fs';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { DATA_SOURCE } from '../common/tokens';
import { devOfficerP12 } from './dev-officer-keys';
import { SigningContext } from './signing-context';

/** One user's key in TTHC_SIGNER_KEYS (a JSON file: `{ "<username>": <entry> }`); secrets come from env variables. */
const KeyEntry = z.union([
  z.object({ p12: z.string(), passwordEnv: z.string() }),
  z.object({ pkcs11: z.object({ module: z.string(), slot: z.number().int(), pinEnv: z.string(), keyLabel: z.string() }) }),
]);
const KeyFile = z.record(z.string(), KeyEntry);

/**
 * Finds the CURRENT officer's signing key, behind the library's SigningKeyProvider port:
 * 1. TTHC_SIGNER_KEYS maps usernames to a PKCS#11 token/HSM slot (production) or a
 *    PKCS#12 file; PINs/passwords are read from the named env variables.
 * 2. Otherwise, with the embedded dev PKI, a TEST PKCS#12 issued for the user on first use.
 * 3. Otherwise SIGNING_KEY_NOT_FOUND. A remote-signing provider would slot in here.
 * The caller must close() the provider (PKCS#11 logs out and finalizes).
 */
@Injectable()
export class OfficerKeys {
  private keyFile?: Promise<z.infer<typeof KeyFile>>;

  constructor(
    private readonly signing: SigningContext,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  async open(user: AuthUser): Promise<SigningKeyProvider> {
    const entry = (await this.configured())[user.username];
    if (entry && 'p12' in entry) return Pkcs12KeyProvider.open(await fs.readFile(entry.p12), secret(entry.passwordEnv));
    if (entry) {
      const p = entry.pkcs11;
      return Pkcs11KeyProvider.open({ module: p.module, slot: p.slot, pin: secret(p.pinEnv), keyLabel: p.keyLabel });
    }
    const cfg = await this.signing.get();
    if (!cfg.devPki) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, `no signing key is configured for ${user.username} (TTHC_SIGNER_KEYS)`);
    const agencies = await listAgencies(this.ds);
    const organization = agencies.find((a) => a.code === user.agency)?.name ?? user.agency ?? 'TTHC Flow';
    const file = await devOfficerP12(cfg.devPki, { username: user.username, fullName: user.fullName, organization });
    return Pkcs12KeyProvider.open(await fs.readFile(file), cfg.devPki.password);
  }

  private configured(): Promise<z.infer<typeof KeyFile>> {
    const path = process.env.TTHC_SIGNER_KEYS;
    if (!path) return Promise.resolve({});
    this.keyFile ??= fs.readFile(path, 'utf8').then((t) => KeyFile.parse(JSON.parse(t)));
    return this.keyFile;
  }
}

function secret(env: string): string {
  const v = process.env[env];
  if (v === undefined) throw new SigningError(SigningErrorCode.KEY_NOT_FOUND, `the secret variable ${env} for the signing key is not set`);
  return v;
}
