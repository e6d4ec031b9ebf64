import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import {
  createAgencyCa,
  createRootCa,
  derToPem,
  encodePkcs12,
  exportPkcs8,
  IssuedIdentity,
  issueSigningCertificate,
  CertificateOptions,
  Pkcs12KeyProvider,
  SignerSubject,
} from '../..';

export const AGENCY = 'UBND xã Tân Phú';
export const OFFICER: SignerSubject = { commonName: 'Nguyễn Văn An', title: 'Chuyên viên', organization: AGENCY };
export const SEAL: SignerSubject = { commonName: AGENCY, organization: AGENCY };

export function tempDir(prefix = 'tthc-signing-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A one-page PDF with a title; `objectStreams` makes pdf-lib write an xref stream. */
export async function samplePdf(opts: { objectStreams?: boolean; title?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(opts.title ?? 'Giay xac nhan cu tru');
  const page = doc.addPage([595, 842]);
  page.drawText('Ket qua giai quyet ho so 000.00.00.H00-261122-0001', { x: 50, y: 760, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save({ useObjectStreams: opts.objectStreams ?? false });
}

export interface TestPki {
  root: IssuedIdentity;
  agency: IssuedIdentity;
  rootPem: string;
  /** Trust anchors (DER) for our verifier. */
  anchors: Uint8Array[];
  provider(subject: SignerSubject, opts?: CertificateOptions): Promise<Pkcs12KeyProvider>;
}

export async function testPki(dir: string): Promise<TestPki> {
  const root = await createRootCa();
  const agency = await createAgencyCa(root, AGENCY);
  const rootDer = new Uint8Array(root.certificate.rawData);
  const rootPem = path.join(dir, 'root.pem');
  writeFileSync(rootPem, derToPem(rootDer));
  return {
    root,
    agency,
    rootPem,
    anchors: [rootDer],
    async provider(subject, opts = {}) {
      const id = await issueSigningCertificate(agency, subject, opts);
      const p12 = await encodePkcs12(await exportPkcs8(id.keys.privateKey), [new Uint8Array(id.certificate.rawData), new Uint8Array(agency.certificate.rawData)], 'pw');
      return Pkcs12KeyProvider.open(p12, 'pw');
    },
  };
}

/**
 * Changes one byte inside the signed range without breaking the PDF structure: the
 * page width in the first /MediaBox (595 → 695).
 */
export function changeOneByte(pdf: Uint8Array): Uint8Array {
  const out = Uint8Array.from(pdf);
  const at = Buffer.from(out).indexOf('/MediaBox [ 0 0 595', 0, 'latin1');
  if (at < 0) throw new Error('MediaBox not found');
  out[at + '/MediaBox [ 0 0 '.length] = 0x36; // '5' → '6'
  return out;
}
