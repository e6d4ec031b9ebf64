/**
 * Runs PKCS#11 operations in a child process. Why: SoftHSM2 reads SOFTHSM2_CONF with
 * getenv() in native code, and Jest gives tests a copy of process.env that native code
 * never sees — so the token configuration must be in a real process environment.
 * Usage: node -r @swc-node/register pkcs11-worker.ts '<json>' → prints one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as pkcs11js from 'pkcs11js';
import { IssuedIdentity, Pkcs11KeyProvider, provisionTokenSigner, signDetached, signPdf, SigningError, SignerSubject } from '../..';
import { X509Certificate } from '../../pki/x509';
import { subtle } from '../../util/bytes';

interface Cmd {
  action: 'provision' | 'sign-pdf' | 'sign-detached' | 'open' | 'inspect-key';
  module: string;
  slot: number;
  pin: string;
  label: string;
  issuerCert?: string;
  issuerKey?: string;
  subject?: SignerSubject;
  input?: string;
  output?: string;
}

async function main(cmd: Cmd): Promise<unknown> {
  const opts = { module: cmd.module, slot: cmd.slot, pin: cmd.pin, keyLabel: cmd.label };
  switch (cmd.action) {
    case 'provision': {
      const key = await subtle.importKey('pkcs8', readFileSync(cmd.issuerKey!), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
      const issuer = { certificate: new X509Certificate(readFileSync(cmd.issuerCert!)), keys: { privateKey: key } } as IssuedIdentity;
      await provisionTokenSigner({ module: cmd.module, slot: cmd.slot, pin: cmd.pin, label: cmd.label, issuer, subject: cmd.subject! });
      return { ok: true };
    }
    case 'sign-pdf':
    case 'sign-detached': {
      const provider = Pkcs11KeyProvider.open(opts);
      try {
        const input = readFileSync(cmd.input!);
        const out = cmd.action === 'sign-pdf' ? (await signPdf(input, { provider, reason: 'Ký bằng USB token' })).pdf : await signDetached(input, { provider });
        writeFileSync(cmd.output!, out);
      } finally {
        await provider.close();
      }
      return { ok: true };
    }
    case 'open':
      await Pkcs11KeyProvider.open(opts).close();
      return { ok: true };
    case 'inspect-key': {
      const p11 = new pkcs11js.PKCS11();
      p11.load(cmd.module);
      p11.C_Initialize();
      try {
        const session = p11.C_OpenSession(p11.C_GetSlotList(true)[0], pkcs11js.CKF_SERIAL_SESSION);
        p11.C_Login(session, pkcs11js.CKU_USER, cmd.pin);
        p11.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
        const keys = p11.C_FindObjects(session, 8);
        p11.C_FindObjectsFinal(session);
        const [sensitive, extractable] = p11.C_GetAttributeValue(session, keys[0], [{ type: pkcs11js.CKA_SENSITIVE }, { type: pkcs11js.CKA_EXTRACTABLE }]);
        let privateExponent = 'readable';
        try {
          p11.C_GetAttributeValue(session, keys[0], [{ type: pkcs11js.CKA_PRIVATE_EXPONENT }]);
        } catch (e) {
          privateExponent = (e as Error).message;
        }
        return { keys: keys.length, sensitive: (sensitive.value as Buffer)[0], extractable: (extractable.value as Buffer)[0], privateExponent };
      } finally {
        p11.C_Finalize();
      }
    }
  }
}

main(JSON.parse(process.argv[2]) as Cmd).then(
  (r) => process.stdout.write(JSON.stringify(r) + '\n'),
  (e: unknown) => {
    const err = e instanceof SigningError ? { code: e.code, message: e.message } : { code: 'UNEXPECTED', message: String((e as Error).stack ?? e) };
    process.stdout.write(JSON.stringify({ error: err }) + '\n');
  },
);
