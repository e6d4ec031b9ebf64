import { devSignerP12, type DevPkiResult } from '@tthc/signing';

export interface DevOfficer {
  username: string;
  fullName: string;
  /** agency name for the certificate's O */
  organization: string;
  title?: string;
}

/**
 * Development only: the PKCS#12 of an API user, issued on first use by the dev PKI's
 * agency CA (`<pki>/users/<username>.p12`, same password as the demo signers). The
 * dev PKI itself only has fixed demo names; users of the API need certificates in their
 * own name so the stamp and the report say who signed.
 */
export function devOfficerP12(pki: DevPkiResult, officer: DevOfficer): Promise<string> {
  return devSignerP12(pki, `users/${officer.username.replace(/[^A-Za-z0-9._-]/g, '_')}.p12`, {
    commonName: officer.fullName,
    organization: officer.organization,
    ...(officer.title ? { title: officer.title } : {}),
  });
}
