import { request as httpRequest } from 'node:http';
import type { Res } from './api-harness';

/**
 * Declares `declared` bytes, sends only the first 64 KiB and never finishes: the answer
 * must come from the declared size alone (a server that buffered would wait forever).
 */
export function declareHugeBody(
  url: string,
  path: string,
  token: string,
  type: string,
  declared: number,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'content-length': String(declared) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text, body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    // not a timed assertion: without an answer the request is cut so the server can still close
    req.setTimeout(30_000, () => {
      req.destroy();
      reject(new Error(`no answer to a declared ${declared}-byte body on ${path}`));
    });
    req.write(Buffer.alloc(64 * 1024, 'a'));
  });
}
