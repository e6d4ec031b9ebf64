/** The API process of the W6 bench (see api-process.ts): createApp, then answers the bench on IPC. */
import 'reflect-metadata';
import { createApp } from '@tthc/api-app/src/create-app';
import type { ApiConfig } from '@tthc/api-app/src/config/api-config';
import type { Reply, Request } from './api-process';
import { captureInboxStatements } from './statement-capture';
import { countQueriesIfAsked } from './query-count';

countQueriesIfAsked('w2 api');

async function runChild(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as ApiConfig;
  const running = await createApp(config);
  const capture = captureInboxStatements(running.ds);
  process.on('message', (m) => {
    const r = m as Request;
    const reply = (value?: unknown) => process.send!({ id: r.id, value } satisfies Reply);
    if (r.type === 'capture') {
      capture.start();
      reply();
    } else if (r.type === 'captured') {
      try {
        reply(capture.take());
      } catch (err) {
        process.send!({ id: r.id, error: (err as Error).message } satisfies Reply);
      }
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
