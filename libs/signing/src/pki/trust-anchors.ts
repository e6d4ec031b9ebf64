import { promises as fs } from 'node:fs';
import { SigningError, SigningErrorCode } from '../errors';
import { pemToDer } from '../util/bytes';

/**
 * Reads trust anchors from configured files (PEM bundles or single DER certificates):
 * the national root (NEAC) and the official-use chain in production, the dev root in the
 * embedded default. Nothing is hard-coded.
 */
export async function loadTrustAnchors(paths: string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const p of paths) {
    let data: Buffer;
    try {
      data = await fs.readFile(p);
    } catch (e) {
      throw new SigningError(SigningErrorCode.INVALID_INPUT, `Cannot read trust anchor file ${p}: ${(e as Error).message}`);
    }
    const pems = pemToDer(data.toString('latin1'));
    if (pems.length) out.push(...pems);
    else if (data[0] === 0x30) out.push(new Uint8Array(data));
    else throw new SigningError(SigningErrorCode.INVALID_INPUT, `${p} holds no certificate (PEM or DER expected)`);
  }
  return out;
}
