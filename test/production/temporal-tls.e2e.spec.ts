/**
 * Issue 14, "production connects to an existing Temporal cluster": the API and the worker reach
 * Temporal over mutual TLS with the environment docs/deploy.md documents (TEMPORAL_TLS_CERT,
 * _KEY, _CA, _SERVER_NAME). The cluster is a Temporal dev server behind a TLS terminator that
 * demands a client certificate signed by the test CA (as a load balancer or Envoy in front of a
 * cluster does; certificates made with openssl). A dossier submitted through the API is started
 * on Temporal and the worker creates its first inbox task — both only through mTLS; an API
 * without a client certificate is refused (health 503, Temporal down).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { startDevServer, type DevServer } from '../../scripts/dev-server.mjs';
import { freePort } from '../harness/stack';
import { dossierToFirstTask, sourceImage, startSingleNode, type SingleNodeApps } from './harness/app-image';
import { until } from './harness/service-process';

let dir: string;
let temporal: DevServer | undefined;
let proxy: Server | undefined;
let address: string;
let apps: SingleNodeApps | undefined;

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
  await apps?.stop();
  proxy?.close();
  await temporal?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('API and worker on a Temporal cluster that requires mutual TLS', () => {
  it('with the client certificate, CA and server name: a dossier starts and the worker creates its first task; without a certificate: refused', async () => {
    const tlsEnv = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CERT: join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: join(dir, 'client.key'),
      TEMPORAL_TLS_CA: join(dir, 'ca.pem'),
      // the terminator's certificate names temporal.test, not 127.0.0.1
      TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
    };
    // the API healthy means the database and Temporal (through mTLS) answer; then the worker polls through it
    apps = await startSingleNode({ api: sourceImage('api'), worker: sourceImage('worker'), dataDir: join(dir, 'data'), temporalEnv: tlsEnv, logPrefix: 'tls' });
    const task = await dossierToFirstTask(apps.url, { type: 1, name: 'Phạm Thị Mã Hoá', idNumber: '033190054321', address: 'Phường Hiến Nam, Hưng Yên', phone: '0987654321' }, 'Chứng thực bản sao (Temporal qua mTLS)');
    expect(task.elementId).toBe('Task_TiepNhan');

    // the same API without a client certificate: the cluster refuses it, the API says Temporal is down
    const noCert = await apps.startApi('api-no-cert', {
      TTHC_SQLITE_PATH: '/data/other.sqlite',
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CA: join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
    });
    const health = await until(`the certificate-less API answering its health (log: ${noCert.api.logPath})`, async () => {
      const res = await fetch(`${noCert.url}/api/v1/health`).catch(() => undefined);
      return res && { status: res.status, body: (await res.json()) as { database?: { ok: boolean }; temporal?: { ok: boolean } } };
    });
    expect({ status: health.status, database: health.body.database?.ok, temporal: health.body.temporal?.ok }).toEqual({ status: 503, database: true, temporal: false });
  });
});
