import { SIGN_AGENT_PROTOCOL, SignAgentErrorCode, type SignAgentSignRequest } from '@tthc/contracts';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentError, TokenSigner } from './token-signer';

export interface SignAgentOptions {
  /** PKCS#11 module of the token (vendor's .so, or SoftHSM2) */
  module: string;
  /** 0 = a free port */
  port: number;
  /** the web app's origin, the only one allowed to call (CORS) */
  origin: string;
  /** shared secret the web page sends as `Authorization: Bearer …`; random when not given */
  pairingCode?: string;
  /** the token PIN, when the officer prefers not to type it in the page */
  pin?: string;
}

export interface RunningSignAgent {
  url: string;
  port: number;
  pairingCode: string;
  origin: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
/** signed attributes are a few hundred bytes; anything much larger is not what the API prepares */
const MAX_DATA = 4096;

/** A random pairing code an officer can type: 4 groups of 4 characters (no 0/O/1/I). */
export function newPairingCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/**
 * `tthc sign-agent`: a small HTTP endpoint on 127.0.0.1 that the web app calls to sign with
 * the officer's USB token (protocol `tthc-sign-agent/1`, docs/signing.md):
 * - `GET /v1/status` (no pairing needed: tells the page the agent runs),
 * - `GET /v1/certificates`, `POST /v1/sign {certificateId, data, pin?}` (pairing code needed).
 * Other web pages cannot use it: requests with an Origin other than the configured web
 * origin are refused (and get no CORS headers, so the browser hides any answer), the
 * pairing code is required, the Host must be the loopback address (DNS rebinding), and the
 * data to sign must look like CMS signed attributes (a DER SET), so the token cannot be
 * used as a general signing oracle.
 */
export async function startSignAgent(opts: SignAgentOptions): Promise<RunningSignAgent> {
  const signer = new TokenSigner(opts.module, opts.pin);
  const pairingCode = opts.pairingCode ?? newPairingCode();
  const origin = new URL(opts.origin).origin;
  let port = opts.port;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!(e instanceof AgentError)) process.stderr.write(`tthc sign-agent: ${(e as Error)?.stack ?? String(e)}\n`);
      const err = e instanceof AgentError ? e : new AgentError(500, SignAgentErrorCode.TOKEN_ERROR, 'internal error of the signing agent');
      send(res, err.status, { error: { code: err.code, message: err.message } });
    });
  });

  function send(res: ServerResponse, status: number, body: unknown) {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new AgentError(403, SignAgentErrorCode.ORIGIN_NOT_ALLOWED, 'the agent answers on the loopback address only');
    const from = req.headers.origin;
    if (from !== undefined && from !== origin) throw new AgentError(403, SignAgentErrorCode.ORIGIN_NOT_ALLOWED, `origin ${from} is not allowed`);
    if (from) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'authorization, content-type');
      if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('access-control-allow-private-network', 'true');
      res.setHeader('access-control-max-age', '600');
      res.writeHead(204);
      res.end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/status') return send(res, 200, { protocol: SIGN_AGENT_PROTOCOL, ok: true });
    if (!paired(req.headers.authorization)) throw new AgentError(401, SignAgentErrorCode.UNAUTHORIZED, 'wrong or missing pairing code');
    if (req.method === 'GET' && path === '/v1/certificates') return send(res, 200, { certificates: await signer.certificates() });
    if (req.method === 'POST' && path === '/v1/sign') {
      const body = parseSign(await readBody(req));
      const data = Uint8Array.from(Buffer.from(body.data, 'base64'));
      if (!data.length || data.length > MAX_DATA || data[0] !== 0x31) {
        throw new AgentError(400, SignAgentErrorCode.BAD_REQUEST, 'data must be the DER signed attributes the TTHC API prepared');
      }
      return send(res, 200, await signer.sign(body.certificateId, data, body.pin));
    }
    throw new AgentError(404, SignAgentErrorCode.BAD_REQUEST, `no route ${req.method} ${path}`);
  }

  function paired(header: string | undefined): boolean {
    const m = /^Bearer (.+)$/.exec(header ?? '');
    if (!m) return false;
    const a = Buffer.from(m[1].trim());
    const b = Buffer.from(pairingCode);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pairingCode,
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new AgentError(413, SignAgentErrorCode.BAD_REQUEST, 'request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseSign(text: string): SignAgentSignRequest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new AgentError(400, SignAgentErrorCode.BAD_REQUEST, 'body must be JSON');
  }
  const o = v as Partial<SignAgentSignRequest>;
  if (!o || typeof o.certificateId !== 'string' || typeof o.data !== 'string' || (o.pin !== undefined && typeof o.pin !== 'string')) {
    throw new AgentError(400, SignAgentErrorCode.BAD_REQUEST, 'body must be {certificateId, data, pin?}');
  }
  return { certificateId: o.certificateId, data: o.data, pin: o.pin };
}
