/** The API process of the W6 bench (see api-process.ts): createApp, then answers the bench on IPC. */
import 'reflect-metadata';
import type { Logger } from 'typeorm';
import { createApp } from '@tthc/api-app/src/create-app';
import type { ApiConfig } from '@tthc/api-app/src/config/api-config';
import type { CapturedStatement, Reply, Request } from './api-process';

async function runChild(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as ApiConfig;
  const running = await createApp(config);
  const ds = running.ds;
  const original = ds.logger;
  let captured: CapturedStatement | undefined;
  let capturing = false;
  (ds as unknown as { logger: Logger }).logger = new Proxy(original, {
    get: (target, prop) =>
      prop === 'logQuery'
        ? (query: string, parameters?: unknown[]) => {
            if (capturing && !captured && query.includes('task_candidates')) captured = { sql: query, params: parameters ?? [] };
          }
        : (target as unknown as Record<string | symbol, unknown>)[prop],
  });
  process.on('message', (m) => {
    const r = m as Request;
    const reply = (value?: unknown) => process.send!({ id: r.id, value } satisfies Reply);
    if (r.type === 'capture') {
      captured = undefined;
      capturing = true;
      reply();
    } else if (r.type === 'captured') {
      capturing = false;
      if (captured) reply(captured);
      else process.send!({ id: r.id, error: 'no inbox SQL captured' } satisfies Reply);
    } else if (r.type === 'cpu') reply(process.cpuUsage());
    else if (r.type === 'close')
      void running.close().then(() => {
        reply();
        process.disconnect();
        setTimeout(() => process.exit(0), 2000).unref();
      });
  });
  process.send!({ url: running.url });
}

runChild().catch((err) => {
  console.error(err);
  process.exit(1);
});

