/**
 * The in-process stack of the API's end-to-end specs: a real Temporal dev server on the
 * spec's own port, the real API over a fresh database and the real worker on the same
 * DataSource, plus the polling helper those specs wait with.
 */
import type { BlobStore, TestDbKind } from '@tthc/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Apps never import each other in product code; these specs (only) wire the real worker, its
// port lock and the repo's dev-server launcher in-process, hence the boundary exceptions.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createWorker, type CreateWorkerOptions, type RunningWorker } from '../../../../worker/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { acquirePortLock } from '../../../../worker/src/testing/port-lock';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startDevServer, type DevServer } from '../../../../../scripts/dev-server.mjs';
import type { ApiConfig } from '../../config/api-config';
import { API_CONFIG } from '../../common/tokens';
import { BLOB_STORE } from '../../documents/documents-config';
import { startApi, type Harness } from './api-harness';

/** A loopback port nothing listens on right now (bind port 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * A loopback port for a dev server of this test run: below the kernel's ephemeral range (32768–60999 here), so
 * no outgoing connection and no `bind(0)` (ours, or the dev server's own for its internal services) can take it,
 * free right now, and locked across our test processes until `release()`. A port from `freePort()` is in the
 * ephemeral range and unlocked: two specs running at once once drew the same one; the second dev server failed to
 * bind, but its readiness check had already been answered by the first, and its spec lost its server when the other
 * spec stopped it ("connection refused" in every test of apps/cli audit-commands.spec, session 9).
 */
export async function claimPort(): Promise<{ port: number; release: () => void }> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    let release: () => void;
    try {
      release = await acquirePortLock(port, 0);
    } catch {
      continue; // another of our processes holds it
    }
    if (await canListen(port)) return { port, release };
    release();
  }
  throw new Error('no free loopback port between 20000 and 31999');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export interface TemporalDevServerOptions {
  /** Prefix of the temporary directory holding the dev server's database. */
  tmpPrefix: string;
  /** Take the cross-process port lock first (the port is shared with other test runs). */
  lockPort?: boolean;
  /** Timeout of the starting `beforeAll` (waiting for the port lock can take long). */
  startTimeoutMs?: number;
}

/**
 * Registers `beforeAll`/`afterAll` hooks (call it at the top of a spec file) that run a
 * headless Temporal dev server on `port` (0: a port from `claimPort()`) with its database
 * in a temporary directory. The returned handle is usable once the hooks have run.
 */
export function useTemporalDevServer(port: number, opts: TemporalDevServerOptions): { readonly address: string } {
  let server: DevServer | undefined;
  let release: (() => void) | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    if (opts.lockPort && port !== 0) release = await acquirePortLock(port);
    let listen = port;
    if (port === 0) ({ port: listen, release } = await claimPort());
    dir = mkdtempSync(join(tmpdir(), opts.tmpPrefix));
    // stderr is kept by startDevServer (its tail is in the error when the server does not come up)
    server = await startDevServer({ port: listen, headless: true, dbFile: join(dir, 'temporal.db') });
  }, opts.startTimeoutMs);
  afterAll(async () => {
    await server?.stop();
    release?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get address() {
      if (!server) throw new Error(`the Temporal dev server on port ${port} has not started`);
      return server.address;
    },
  };
}

export interface ApiWithWorker {
  h: Harness;
  worker: RunningWorker;
  /** Shuts the worker down, then closes the API and its database. */
  close(): Promise<void>;
}

/**
 * The real API talking to Temporal at `address` on `taskQueue`, and the real worker polling
 * that queue. The worker shares the API's DataSource (one SQLite connection, one transaction queue),
 * its blob store and data dir (dev PKI).
 */
export async function startApiWithWorker(
  kind: TestDbKind,
  address: string,
  taskQueue: string,
  overrides: Partial<ApiConfig> = {},
  workerOverrides: Pick<CreateWorkerOptions, 'workerOptions'> = {},
): Promise<ApiWithWorker> {
  const h = await startApi(kind, { ...overrides, temporal: { address, namespace: 'default', taskQueue } });
  let worker: RunningWorker;
  try {
    // the dossier steps' guard reads what the API stored (scans, signed results) from the API's blob store and data dir
    const dossiers = { dataDir: h.api.app.get<ApiConfig>(API_CONFIG).dataDir, blobs: h.api.app.get<BlobStore>(BLOB_STORE) };
    worker = await createWorker({ address, taskQueue, ds: h.api.ds, dossiers, ...workerOverrides });
  } catch (err) {
    await h.close();
    throw err;
  }
  void worker.run();
  return {
    h,
    worker,
    async close() {
      await worker.shutdown();
      await h.close();
    },
  };
}

/** Polls `fn` every 200 ms until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
