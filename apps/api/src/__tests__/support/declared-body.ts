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

/**
 * Sends the whole of `body` the way a careful HTTP client does (RFC 9112 §9.6: watch for an
 * answer while still sending): resolves with the answer as soon as it arrives, even when the
 * server — having refused the body early — closes the connection before the upload ends, which
 * `fetch` reports as a bare ECONNRESET. Errors before any answer still reject.
 */
export function sendWholeBody(url: string, path: string, token: string, type: string, body: Buffer): Promise<Res> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'content-length': String(body.length) },
    });
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, text, body: JSON.parse(text) });
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.end(body);
  });
}

/** `content` as the multipart/form-data field `field` (one file part). */
export function multipartFile(field: string, filename: string, type: string, content: Buffer): { type: string; body: Buffer } {
  const boundary = `----tthc-test-${content.length}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]) };
}
