import 'reflect-metadata';
import { loadConfigFromEnv } from './config/api-config';
import { createApp } from './create-app';

// `node -r @swc-node/register apps/api/src/main.ts` (SWCRC=true) — configuration from env.
createApp(loadConfigFromEnv()).catch((err: Error) => {
  process.stderr.write(`[api] failed to start: ${err.message}\n`);
  process.exit(1);
});
