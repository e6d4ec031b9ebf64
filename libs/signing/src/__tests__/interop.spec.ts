import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { initDevPki, loadTrustAnchors, Pkcs12KeyProvider, signPdf, verifyPdf } from '..';
import { samplePdf, tempDir } from './helpers/fixtures';
import { PYTHON_TOOLS, pyhankoValidate, run } from './helpers/tools';

/**
 * Interoperability the other way round: pyHanko signs with the PKCS#12 file our dev PKI
 * wrote (so it must read our PKCS#12), our verifier checks pyHanko's signature, and we
 * then countersign pyHanko's output (an incremental update on a file we did not write).
 */
describe('interoperability with pyHanko as the signer', () => {
  it('reads our PKCS#12; we verify its PAdES signature and add ours after it', async () => {
    const dir = tempDir();
    const pki = await initDevPki(path.join(dir, 'pki'), { password: 'interop' });
    const officer = pki.signers[0];
    const input = path.join(dir, 'in.pdf');
    const byPyHanko = path.join(dir, 'pyhanko.pdf');
    const passfile = path.join(dir, 'pass.txt');
    writeFileSync(input, await samplePdf({ objectStreams: true }));
    writeFileSync(passfile, 'interop');
    const signed = run(
      'python3',
      ['-m', 'pyhanko', 'sign', 'addsig', '--field', '1/40,40,240,110/ChuyenVien', '--use-pades', '--reason', 'Kiểm tra', 'pkcs12', '--passfile', passfile, input, byPyHanko, officer.p12],
      { PYTHONPATH: PYTHON_TOOLS },
    );
    expect(signed.status).toBe(0);

    const anchors = await loadTrustAnchors([pki.trustAnchor]);
    const theirs = await verifyPdf(readFileSync(byPyHanko), { trustAnchors: anchors });
    expect(theirs.valid).toBe(true);
    expect(theirs.signatures[0]).toMatchObject({ field: 'ChuyenVien', signer: 'Nguyễn Văn An', intact: true, trusted: true });

    const seal = await Pkcs12KeyProvider.open(readFileSync(pki.signers[2].p12), 'interop');
    const both = (await signPdf(readFileSync(byPyHanko), { provider: seal, reason: 'Phát hành' })).pdf;
    const ours = await verifyPdf(both, { trustAnchors: anchors });
    expect(ours.signatures.map((s) => [s.field, s.valid, s.laterRevisions])).toEqual([
      ['ChuyenVien', true, 'signatures-only'],
      ['Signature2', true, 'none'],
    ]);
    const bothFile = path.join(dir, 'both.pdf');
    writeFileSync(bothFile, both);
    expect(pyhankoValidate(bothFile, pki.trustAnchor).out.match(/The signature is judged VALID\./g)).toHaveLength(2);
  });
});
