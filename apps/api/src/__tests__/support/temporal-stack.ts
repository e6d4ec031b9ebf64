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
 * headless Temporal dev server on `port` (0: a free port, no lock needed) with its database
 * in a temporary directory. The returned handle is usable once the hooks have run.
 */
export function useTemporalDevServer(port: number, opts: TemporalDevServerOptions): { readonly address: string } {
  let server: DevServer | undefined;
  let release: (() => void) | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    if (opts.lockPort && port !== 0) release = await acquirePortLock(port);
    dir = mkdtempSync(join(tmpdir(), opts.tmpPrefix));
    const listen = port === 0 ? await freePort() : port;
    server = await startDevServer({ port: listen, headless: true, dbFile: join(dir, 'temporal.db'), stdio: 'ignore' });
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
