/**
 * Issue 14, "production connects to an existing Temporal cluster": the API and the worker reach
 * Temporal over mutual TLS with the environment docs/deploy.md documents (TEMPORAL_TLS_CERT,
 * _KEY, _CA, _SERVER_NAME). The cluster is a Temporal dev server behind a TLS terminator that
 * demands a client certificate signed by the test CA (as a load balancer or Envoy in front of a
 * cluster does; certificates made with openssl). A dossier submitted through the API is started
 * on Temporal and the worker creates its first inbox task — both only through mTLS; an API
 * without a client certificate is refused (health 503, Temporal down).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { startDevServer, type DevServer } from '../../scripts/dev-server.mjs';
import { freePort, repoRoot } from '../harness/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const artifacts = join(repoRoot, 'test-artifacts');
let dir: string;
let temporal: DevServer | undefined;
let proxy: Server | undefined;
let address: string;
const children: ChildProcess[] = [];

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** a CA, the server's certificate for temporal.test, a client certificate */
function makeCertificates(): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=TTHC test CA');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=temporal.test');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl('req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=tthc-worker');
  openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '2', '-extfile', 'client.ext');
}

function start(name: string, entry: string, env: Record<string, string>): { output: () => string } {
  const file = join(artifacts, `tls-${name}.log`);
  rmSync(file, { force: true });
  const out = createWriteStream(file);
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, SWCRC: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  children.push(child);
  return { output: () => readFileSync(file, 'utf8') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tthc-tls-'));
  makeCertificates();
  temporal = await startDevServer({ port: await freePort() });
  const [host, port] = temporal.address.split(':');
  // the TLS terminator: HTTP/2 (ALPN h2), a client certificate of our CA required
  proxy = createServer(
    { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')), ca: readFileSync(join(dir, 'ca.pem')), requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
    (socket) => {
      const upstream = netConnect(Number(port), host);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    },
  );
  const proxyPort = await freePort();
  await new Promise<void>((r) => proxy!.listen(proxyPort, '127.0.0.1', r));
  address = `127.0.0.1:${proxyPort}`;
}, 300_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  proxy?.close();
  await temporal?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('API and worker on a Temporal cluster that requires mutual TLS', () => {
  it('with the client certificate, CA and server name: a dossier starts and the worker creates its first task; without a certificate: refused', async () => {
    const data = join(dir, 'data');
    const tlsEnv = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CERT: join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: join(dir, 'client.key'),
      TEMPORAL_TLS_CA: join(dir, 'ca.pem'),
      // the terminator's certificate names temporal.test, not 127.0.0.1
      TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
    };
    const common = { TTHC_SQLITE_PATH: join(data, 'tthc.sqlite'), TTHC_DATA_DIR: data, TTHC_AUDIT_KEY: randomBytes(32).toString('base64url') };
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    start('api', 'apps/api/src/main.ts', {
      ...common,
      ...tlsEnv,
      TTHC_PORT: String(port),
      TTHC_HOST: '127.0.0.1',
      TTHC_JWT_SECRET: randomBytes(32).toString('base64url'),
      TTHC_SEED_DEMO: '1',
      TTHC_PROCESSES_DIR: join(repoRoot, 'processes'),
    });
    // health 200 means the database and Temporal (through mTLS) answer
    await until(`the API healthy at ${url} (log: test-artifacts/tls-api.log)`, async () => (await fetch(`${url}/api/v1/health`)).ok);
    const worker = start('worker', 'apps/worker/src/main.ts', { ...common, ...tlsEnv });
    await until('the worker polling (log: test-artifacts/tls-worker.log)', async () => /\[worker\] polling /.test(worker.output()));
    const login = async (username: string) => {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo@123' }) });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const [portal, officer] = [await login('portal'), await login('officer')];
    const submitted = await fetch(`${url}/api/v1/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${portal}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        procedureCode: '2.000815',
        channel: 2,
        applicant: { type: 1, name: 'Phạm Thị Mã Hoá', idNumber: '033190054321', address: 'Phường Hiến Nam, Hưng Yên', phone: '0987654321' },
        summary: 'Chứng thực bản sao (Temporal qua mTLS)',
      }),
    });
    expect(submitted.status).toBe(201);
    const dossier = (await submitted.json()) as { id: string };
    const view = await until('the dossier readable', async () => {
      const res = await fetch(`${url}/api/v1/dossiers/${dossier.id}`, { headers: { authorization: `Bearer ${officer}` } });
      return res.ok && ((await res.json()) as { instanceId: string });
    });
    const task = await until('the receive task in the inbox', async () => {
      const res = await fetch(`${url}/api/v1/tasks?instanceId=${view.instanceId}&state=OPEN`, { headers: { authorization: `Bearer ${officer}` } });
      return res.ok && ((await res.json()) as { items: Array<{ elementId: string }> }).items.find((t) => t.elementId === 'Task_TiepNhan');
    });
    expect(task.elementId).toBe('Task_TiepNhan');

    // the same API without a client certificate: the cluster refuses it, the API says Temporal is down
    const port2 = await freePort();
    start('api-no-cert', 'apps/api/src/main.ts', {
      ...common,
      TTHC_SQLITE_PATH: join(dir, 'other.sqlite'),
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CA: join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
      TTHC_PORT: String(port2),
      TTHC_HOST: '127.0.0.1',
      TTHC_JWT_SECRET: randomBytes(32).toString('base64url'),
    });
    const health = await until('the certificate-less API answering its health', async () => {
      const res = await fetch(`http://127.0.0.1:${port2}/api/v1/health`);
      return { status: res.status, body: (await res.json()) as { database?: { ok: boolean }; temporal?: { ok: boolean } } };
    });
    expect({ status: health.status, database: health.body.database?.ok, temporal: health.body.temporal?.ok }).toEqual({ status: 503, database: true, temporal: false });
  });
});
