import { X509Certificate } from 'node:crypto';

/** The certificate's subject common name, or null. */
export function certificateCommonName(certDer: Uint8Array): string | null {
  const subject = new X509Certificate(Buffer.from(certDer)).subject;
  return /(?:^|\n)CN=([^\n]*)/.exec(subject)?.[1] ?? null;
}

const norm = (s: string) => s.normalize('NFC').trim();

/**
 * The rule that ties a certificate to an officer (docs/signing.md, "Who may sign"): the
 * certificate's common name is the officer's full name (Vietnamese CAs put the holder's
 * name in CN), compared after Unicode NFC — exactly as the engine's `sign` step compares
 * the verified signers, so what passes here also passes the step guard. Trust in the issuing CA is checked
 * separately by the verifier against the configured anchors.
 */
export function signerMatchesOfficer(certDer: Uint8Array, fullName: string): boolean {
  const cn = certificateCommonName(certDer);
  return cn !== null && norm(cn) === norm(fullName);
}
