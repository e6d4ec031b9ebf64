import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSigningConfig, pemToDer, SigningErrorCode } from '..';
import { tempDir, testPki } from './helpers/fixtures';

describe('signing configuration', () => {
  it('embedded default: creates a dev PKI on first start, reuses it after, and trusts its TEST root', async () => {
    const dataDir = tempDir();
    const first = await loadSigningConfig({}, { dataDir });
    expect(first.devPki?.dir).toBe(path.join(dataDir, 'pki'));
    expect(existsSync(path.join(dataDir, 'pki/signers/agency-seal.p12'))).toBe(true);
    expect(first.trustAnchors).toEqual(pemToDer(readFileSync(path.join(dataDir, 'pki/trust-anchor.pem'), 'latin1')));
    const second = await loadSigningConfig({}, { dataDir });
    expect(second.trustAnchors).toEqual(first.trustAnchors);
    expect(second.revocation).toEqual({ enabled: false });
    expect(second.tsaUrl).toBeUndefined();
  });

  it('production: configured anchors only, no dev PKI created; TSA and revocation from the environment', async () => {
    const dataDir = tempDir();
    const a = await testPki(tempDir());
    const b = await testPki(tempDir());
    const cfg = await loadSigningConfig(
      { TTHC_TRUST_ANCHORS: [a.rootPem, b.rootPem].join(path.delimiter), TTHC_TSA_URL: 'http://tsa.example.test/', TTHC_REVOCATION: 'on' },
      { dataDir },
    );
    expect(cfg.trustAnchors).toEqual([...a.anchors, ...b.anchors]);
    expect(cfg.devPki).toBeUndefined();
    expect(existsSync(path.join(dataDir, 'pki'))).toBe(false);
    expect(cfg).toMatchObject({ tsaUrl: 'http://tsa.example.test/', revocation: { enabled: true } });
  });

  it('a configured anchor file that does not exist is a clear error', async () => {
    await expect(loadSigningConfig({ TTHC_TRUST_ANCHORS: '/etc/tthc/neac-root.pem' }, { dataDir: tempDir() })).rejects.toMatchObject({
      code: SigningErrorCode.INVALID_INPUT,
      message: expect.stringContaining('/etc/tthc/neac-root.pem'),
    });
  });
});
