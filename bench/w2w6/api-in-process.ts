import 'reflect-metadata';
import { createApp } from '@tthc/api-app/src/create-app';
import type { ApiConfig } from '@tthc/api-app/src/config/api-config';
import type { ApiProcess } from './api-process';
import { captureInboxStatements } from './statement-capture';

/**
 * `--in-process`: the API in the bench's own process (the setup of earlier sessions), behind the
 * same interface as startApiProcess. On a crowded machine one process means one scheduling hop
 * less per request; the API then shares its event loop with the load generator and the baseline.
 */
export async function startInProcessApi(config: ApiConfig): Promise<ApiProcess> {
  const running = await createApp(config);
  const capture = captureInboxStatements(running.ds);
  return {
    url: running.url,
    async capture(fn) {
      capture.start();
      await fn();
      return capture.take();
    },
    cpuUsage: async () => process.cpuUsage(),
    close: () => running.close(),
  };
}
