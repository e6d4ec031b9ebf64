import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createAgencyCa, encodePkcs12, exportPkcs8, IssuedIdentity, issueSigningCertificate, Pkcs12KeyProvider, signPdf, verifyPdf } from '..';
import { KeyUsageFlags, X509CrlGenerator } from '../pki/x509';
import { AGENCY, OFFICER, samplePdf, tempDir, testPki, TestPki } from './helpers/fixtures';
import { startOcsp, TestOcsp } from './helpers/ocsp-server';

const DAY = 86_400_000;

describe('trust: validity, key usage and revocation', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await testPki(tempDir());
  });

  async function signWith(provider: Pkcs12KeyProvider) {
    const { pdf } = await signPdf(await samplePdf(), { provider });
    return (await verifyPdf(pdf, { trustAnchors: pki.anchors, revocation: { enabled: false } })).signatures[0];
  }

  it('reports a certificate that had expired at signing time, with its end date', async () => {
    const notAfter = new Date(Date.now() - 2 * DAY);
    const sig = await signWith(await pki.provider(OFFICER, { notBefore: new Date(Date.now() - 400 * DAY), notAfter }));
    expect(sig.intact).toBe(true);
    expect(sig.signatureValid).toBe(true);
    expect(sig.trusted).toBe(false);
    expect(sig.valid).toBe(false);
    const problem = sig.problems.find((p) => p.code === 'CERT_EXPIRED');
    expect(problem?.message).toContain('Nguyễn Văn An');
    expect(problem?.message).toContain(`valid until ${notAfter.toISOString().slice(0, 19)}`);
  });

  it('reports a certificate whose key usage does not allow signing documents', async () => {
    const sig = await signWith(await pki.provider(OFFICER, { keyUsage: KeyUsageFlags.keyEncipherment }));
    expect(sig.trusted).toBe(false);
    expect(sig.problems.map((p) => p.code)).toEqual(['KEY_USAGE']);
  });

  describe('CRL revocation from a reachable distribution point', () => {
    let server: Server;
    let base: string;
    const crls = new Map<string, Uint8Array>();
    let agency: IssuedIdentity;

    async function publishCrl(name: string, issuer: IssuedIdentity, revokedSerials: string[]) {
      const crl = await X509CrlGenerator.create({
        issuer: issuer.certificate.subject,
        thisUpdate: new Date(Date.now() - DAY),
        nextUpdate: new Date(Date.now() + 7 * DAY),
        entries: revokedSerials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - 3600_000) })),
        signingKey: issuer.keys.privateKey,
        signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm,
      });
      crls.set(name, new Uint8Array(crl.rawData));
    }

    async function officer(): Promise<{ provider: Pkcs12KeyProvider; serial: string }> {
      const id = await issueSigningCertificate(agency, OFFICER, { crlUrls: [`${base}/agency.crl`] });
      const p12 = await encodePkcs12(await exportPkcs8(id.keys.privateKey), [new Uint8Array(id.certificate.rawData), new Uint8Array(agency.certificate.rawData)], 'pw');
      return { provider: await Pkcs12KeyProvider.open(p12, 'pw'), serial: id.certificate.serialNumber };
    }

    beforeAll(async () => {
      server = createServer((req, res) => {
        const crl = crls.get((req.url ?? '').slice(1));
        if (!crl) res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.from(crl));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      agency = await createAgencyCa(pki.root, AGENCY, { crlUrls: [`${base}/root.crl`] });
      await publishCrl('root.crl', pki.root, []);
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const verify = async (provider: Pkcs12KeyProvider, enabled = true) => {
      const { pdf } = await signPdf(await samplePdf(), { provider });
      return (await verifyPdf(pdf, { trustAnchors: pki.anchors, revocation: { enabled } })).signatures[0];
    };

    it('a revoked certificate is reported as revoked and not trusted', async () => {
      const { provider, serial } = await officer();
      await publishCrl('agency.crl', agency, [serial]);
      const sig = await verify(provider);
      expect(sig.revocation).toBe('revoked');
      expect(sig.trusted).toBe(false);
      expect(sig.problems).toEqual([expect.objectContaining({ code: 'REVOKED', message: expect.stringContaining(serial.toUpperCase()) })]);
    });

    it('a certificate on no CRL is good', async () => {
      const { provider } = await officer();
      await publishCrl('agency.crl', agency, ['0123456789']);
      const sig = await verify(provider);
      expect({ revocation: sig.revocation, detail: sig.revocationDetail }).toEqual({ revocation: 'good', detail: expect.any(String) });
      expect(sig).toMatchObject({ trusted: true, valid: true });
    });

    it('an unreachable CRL gives unknown, with the reason, without failing the signature', async () => {
      const { provider } = await officer();
      crls.delete('agency.crl');
      const sig = await verify(provider);
      expect(sig.revocation).toBe('unknown');
      expect(sig.revocationDetail).toMatch(/agency\.crl unavailable: HTTP 404/);
      expect(sig.valid).toBe(true);
    });

    it('when revocation checking is not configured the status is unknown', async () => {
      const { provider } = await officer();
      const sig = await verify(provider, false);
      expect(sig.revocation).toBe('unknown');
      expect(sig.revocationDetail).toBe('revocation checking is not configured');
    });
  });

  describe('OCSP from the issuing CA', () => {
    let ocsp: TestOcsp;
    let rootOcsp: TestOcsp;
    let agency: IssuedIdentity;

    beforeAll(async () => {
      rootOcsp = await startOcsp(pki.root);
      agency = await createAgencyCa(pki.root, AGENCY, { ocspUrls: [rootOcsp.url] });
      ocsp = await startOcsp(agency);
    });
    afterAll(async () => {
      await ocsp.close();
      await rootOcsp.close();
    });

    async function signAndVerify(revoke: boolean, responder = ocsp) {
      const id = await issueSigningCertificate(agency, OFFICER, { ocspUrls: [responder.url] });
      if (revoke) ocsp.revoked.set(id.certificate.serialNumber, new Date(Date.now() - 3600_000));
      const p12 = await encodePkcs12(await exportPkcs8(id.keys.privateKey), [new Uint8Array(id.certificate.rawData), new Uint8Array(agency.certificate.rawData)], 'pw');
      const { pdf } = await signPdf(await samplePdf(), { provider: await Pkcs12KeyProvider.open(p12, 'pw') });
      return { sig: (await verifyPdf(pdf, { trustAnchors: pki.anchors, revocation: { enabled: true } })).signatures[0], serial: id.certificate.serialNumber };
    }

    it('a good answer for every certificate of the chain makes revocation good', async () => {
      const { sig } = await signAndVerify(false);
      expect(sig).toMatchObject({ revocation: 'good', trusted: true, valid: true });
      expect(sig.revocationDetail).toContain(`OCSP ${ocsp.url}`);
    });

    it('a revoked answer is reported with the serial and not trusted', async () => {
      const { sig, serial } = await signAndVerify(true);
      expect(sig.revocation).toBe('revoked');
      expect(sig.trusted).toBe(false);
      expect(sig.problems).toEqual([expect.objectContaining({ code: 'REVOKED', message: expect.stringMatching(new RegExp(`${serial}.*OCSP`, 'i')) })]);
    });

    it('an answer signed by a CA other than the issuer is not believed', async () => {
      const impostor = await startOcsp(await createAgencyCa(pki.root, 'Sở Tư pháp'));
      try {
        const { sig } = await signAndVerify(false, impostor);
        expect(sig.revocation).toBe('unknown');
        expect(sig.revocationDetail).toContain(`OCSP ${impostor.url} unavailable`);
      } finally {
        await impostor.close();
      }
    });
  });
});
