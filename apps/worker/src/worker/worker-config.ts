import { TASK_QUEUE_DEFAULT } from '@tthc/contracts';
import { readFileSync } from 'node:fs';

export interface WorkerConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: { clientCertPair?: { crt: Buffer; key: Buffer }; serverRootCACertificate?: Buffer };
  databaseUrl?: string;
  sqlitePath: string;
}

/** Reads the worker's environment (README's configuration table). */
export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const cert = env.TEMPORAL_TLS_CERT;
  const key = env.TEMPORAL_TLS_KEY;
  const ca = env.TEMPORAL_TLS_CA;
  if ((cert && !key) || (key && !cert)) throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
  const tls =
    cert || ca
      ? {
          clientCertPair: cert && key ? { crt: readFileSync(cert), key: readFileSync(key) } : undefined,
          serverRootCACertificate: ca ? readFileSync(ca) : undefined,
        }
      : undefined;
  return {
    address: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? TASK_QUEUE_DEFAULT,
    tls,
    databaseUrl: env.DATABASE_URL || undefined,
    sqlitePath: env.TTHC_SQLITE_PATH ?? '.data/tthc.sqlite',
  };
}
