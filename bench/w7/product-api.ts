import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@tthc/api-app/src/create-app';

export interface ProductApi {
  url: string;
  close(): Promise<void>;
}

/**
 * The real API (createApp) in the bench process on a fresh SQLite file, serving the built web
 * app (apps/web/dist) and the demo users, so our designer page is opened, logged into and fed
 * exactly as in production. Temporal is not started: the designer page never reaches it (it
 * lists definitions, drafts and agencies from the database), and an idle dev server + worker
 * would only add background CPU to a client-side measurement.
 */
export async function startProductApi(webDist: string): Promise<ProductApi> {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-w7-'));
  const running = await createApp({
    port: 0,
    host: '127.0.0.1',
    sqlitePath: join(dir, 'tthc.sqlite'),
    dataDir: dir,
    // nothing listens on port 1: the API starts and serves without Temporal
    temporal: { address: '127.0.0.1:1', namespace: 'default', taskQueue: 'tthc-w7-bench' },
    jwt: { secret: 'w7-bench-secret-not-for-production-0000000', ttl: '8h' },
    maxBody: '10mb',
    webDist,
    seedDemo: true,
    logger: false,
  });
  return {
    url: running.url,
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
