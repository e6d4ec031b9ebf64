import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { spawnSync } from 'node:child_process';
import { createRootCa, derToPem } from '@tthc/signing';
import { tthc } from './run-cli.util';

jest.setTimeout(120_000);

/** The SoftHSM2 PKCS#11 module (Debian package softhsm2, installed by `npm test`); missing → the test fails. */
function softHsmModule(): string {
  const found = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'].find((p) => existsSync(p));
  if (!found) throw new Error('SoftHSM2 is not installed (Debian package softhsm2): run `node scripts/test-setup.mjs` or `npm test`, which install it');
  return found;
}

const dir = mkdtempSync(join(tmpdir(), 'tthc-cli-sign-'));
const pkiDir = join(dir, 'pki');
const trust = join(pkiDir, 'trust-anchor.pem');
const officerP12 = join(pkiDir, 'signers/nguyen-van-an.p12');
const sealP12 = join(pkiDir, 'signers/agency-seal.p12');

async function pdf(name: string): Promise<string> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  const p = join(dir, name);
  writeFileSync(p, await doc.save({ useObjectStreams: false }));
  return p;
}

const json = (s: string) => JSON.parse(s) as { valid: boolean; signatures: { signer: string; signedAt: string; intact: boolean; trusted: boolean; problems: { code: string }[] }[] };

describe('tthc pki / sign / verify', () => {
  beforeAll(async () => {
    const r = await tthc(['pki', 'dev-init', '--out', pkiDir, '--password', 'pw']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('TEST certificates, not for production');
  });

  it('signs as officer then agency; verify --json reports both valid', async () => {
    const input = await pdf('ket-qua.pdf');
    const once = join(dir, 'once.pdf');
    const twice = join(dir, 'twice.pdf');
    expect((await tthc(['sign', input, '--out', once, '--p12', officerP12, '--password', 'pw', '--reason', 'Đã kiểm tra hồ sơ'])).code).toBe(0);
    expect((await tthc(['sign', once, '--out', twice, '--p12', sealP12, '--password', 'pw', '--reason', 'Phát hành'])).code).toBe(0);
    const r = await tthc(['verify', twice, '--trust', trust, '--json']);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => s.signer)).toEqual(['Nguyễn Văn An', 'UBND xã Tân Phú (thử nghiệm)']);
    for (const s of report.signatures) {
      expect(s).toMatchObject({ intact: true, trusted: true, problems: [] });
      expect(new Date(s.signedAt).getTime()).not.toBeNaN();
    }
  });

  it('exits 1 and says why when one byte changed after signing', async () => {
    const signed = join(dir, 'tamper.pdf');
    await tthc(['sign', await pdf('t.pdf'), '--out', signed, '--p12', officerP12, '--password', 'pw']);
    const bytes = readFileSync(signed);
    const at = bytes.indexOf('/MediaBox [ 0 0 595');
    bytes[at + 16] = 0x36;
    writeFileSync(signed, bytes);
    const r = await tthc(['verify', signed, '--trust', trust, '--json']);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.valid).toBe(false);
    expect(report.signatures[0].intact).toBe(false);
    expect(report.signatures[0].problems.map((p) => p.code)).toContain('DIGEST_MISMATCH');
    expect((await tthc(['verify', signed, '--trust', trust])).stdout).toMatch(/NOT VALID[\s\S]*DIGEST_MISMATCH: The document was changed after signing/);
  });

  it('reports an untrusted signer against another root', async () => {
    const other = await createRootCa('Some Other Root (TEST)');
    const otherPem = join(dir, 'other.pem');
    writeFileSync(otherPem, derToPem(new Uint8Array(other.certificate.rawData)));
    const signed = join(dir, 'u.pdf');
    await tthc(['sign', await pdf('u-in.pdf'), '--out', signed, '--p12', officerP12, '--password', 'pw']);
    const r = await tthc(['verify', signed, '--trust', otherPem, '--json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).signatures[0]).toMatchObject({ intact: true, trusted: false, problems: [{ code: 'UNTRUSTED_CHAIN' }] });
  });

  it('wrong password: clear error, exit 1, no output file', async () => {
    const out = join(dir, 'never.pdf');
    const r = await tthc(['sign', await pdf('w.pdf'), '--out', out, '--p12', officerP12, '--password', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tthc: SIGNING_WRONG_PASSWORD: Wrong password for the PKCS#12 file/);
    expect(existsSync(out)).toBe(false);
  });

  it('a non-PDF needs --detached; the detached signature verifies with --signature', async () => {
    const data = join(dir, 'to-khai.xml');
    writeFileSync(data, '<toKhai><hoTen>Phạm Văn Dũng</hoTen></toKhai>');
    const notPdf = await tthc(['sign', data, '--out', join(dir, 'x.pdf'), '--p12', officerP12, '--password', 'pw']);
    expect(notPdf.code).toBe(1);
    expect(notPdf.stderr).toMatch(/SIGNING_NOT_A_PDF: The file is not a PDF/);
    const p7s = join(dir, 'to-khai.xml.p7s');
    expect((await tthc(['sign', data, '--detached', '--out', p7s, '--p12', officerP12, '--password', 'pw'])).code).toBe(0);
    const r = await tthc(['verify', data, '--signature', p7s, '--trust', trust, '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).valid).toBe(true);
  });

  it('verify without --trust is a usage error', async () => {
    const r = await tthc(['verify', join(dir, 'twice.pdf')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--trust PEM is required/);
  });

  it('signs with a key on a PKCS#11 token (SoftHSM2)', async () => {
    const module = softHsmModule();
    const hsm = join(dir, 'hsm');
    mkdirSync(join(hsm, 'tokens'), { recursive: true });
    const env = { SOFTHSM2_CONF: join(hsm, 'softhsm2.conf') };
    writeFileSync(env.SOFTHSM2_CONF, `directories.tokendir = ${join(hsm, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const init = spawnSync('softhsm2-util', ['--init-token', '--free', '--label', 'cli-token', '--pin', '2468', '--so-pin', '13579'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(init.error).toBeUndefined();
    const slot = /reassigned to slot (\d+)/.exec(init.stdout)?.[1];
    expect(slot).toBeDefined();
    const token = ['--pkcs11-module', module, '--slot', slot!];
    const provisioned = await tthc(['pki', 'dev-token', '--pki', pkiDir, ...token, '--pin', '2468', '--key-label', 'le-thi-cuc', '--name', 'Lê Thị Cúc'], env);
    expect(provisioned.stderr).toBe('');
    expect(provisioned.stdout).toContain('generated on the token');
    const out = join(dir, 'token.pdf');
    const base = ['sign', await pdf('token-in.pdf'), '--out', out, ...token, '--key-label', 'le-thi-cuc'];
    const wrong = await tthc([...base, '--pin', '0000'], env);
    expect(wrong.stderr).toMatch(/SIGNING_WRONG_PIN: Wrong PIN for the token/);
    expect(existsSync(out)).toBe(false);
    expect((await tthc([...base, '--pin', '2468'], env)).code).toBe(0);
    const r = await tthc(['verify', out, '--trust', trust, '--json']);
    expect(json(r.stdout).signatures[0]).toMatchObject({ signer: 'Lê Thị Cúc', intact: true, trusted: true });
  });
});
