/**
 * How the API and the worker reach Temporal, read from the environment — one reading for both
 * (docs/deploy.md "An existing Temporal cluster"). Pure: the apps read the files it names.
 *
 * - `TEMPORAL_ADDRESS` (host:port), `TEMPORAL_NAMESPACE`, `TEMPORAL_TASK_QUEUE`;
 * - mTLS: `TEMPORAL_TLS_CERT` + `TEMPORAL_TLS_KEY` (client certificate and key, PEM files),
 *   `TEMPORAL_TLS_CA` (the server's CA, PEM file; default: the system's trusted CAs),
 *   `TEMPORAL_TLS_SERVER_NAME` (name checked in the server's certificate, when the address is
 *   not that name); any of them turns TLS on, as does `TEMPORAL_TLS=1`;
 * - API key (Temporal Cloud, or a self-hosted cluster with an authorizer): `TEMPORAL_API_KEY`
 *   or `TEMPORAL_API_KEY_FILE`; sent as a bearer token, over TLS unless `TEMPORAL_TLS=0`.
 */
export interface TemporalConnectionEnv {
  address: string;
  namespace: string;
  taskQueue: string;
  /** false: plaintext gRPC; otherwise TLS, with the files and name given (all optional) */
  tls: false | { certFile?: string; keyFile?: string; caFile?: string; serverName?: string };
  apiKey?: { value: string } | { file: string };
}

const on = (v: string | undefined) => v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
const off = (v: string | undefined) => v !== undefined && ['0', 'false', 'no', 'off'].includes(v.toLowerCase());

export function temporalConnectionEnv(env: Record<string, string | undefined>, defaults: { taskQueue: string }): TemporalConnectionEnv {
  const cert = env.TEMPORAL_TLS_CERT || undefined;
  const key = env.TEMPORAL_TLS_KEY || undefined;
  const caFile = env.TEMPORAL_TLS_CA || undefined;
  const serverName = env.TEMPORAL_TLS_SERVER_NAME || undefined;
  if ((cert && !key) || (key && !cert)) throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
  if (env.TEMPORAL_API_KEY && env.TEMPORAL_API_KEY_FILE) throw new Error('set TEMPORAL_API_KEY or TEMPORAL_API_KEY_FILE, not both');
  const apiKey = env.TEMPORAL_API_KEY ? { value: env.TEMPORAL_API_KEY } : env.TEMPORAL_API_KEY_FILE ? { file: env.TEMPORAL_API_KEY_FILE } : undefined;
  const files = cert || caFile || serverName;
  if (off(env.TEMPORAL_TLS) && files) throw new Error('TEMPORAL_TLS=0 contradicts TEMPORAL_TLS_CERT / _CA / _SERVER_NAME');
  const tlsOn = !off(env.TEMPORAL_TLS) && (Boolean(files) || on(env.TEMPORAL_TLS) || apiKey !== undefined);
  return {
    address: env.TEMPORAL_ADDRESS || 'localhost:7233',
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || defaults.taskQueue,
    tls: tlsOn ? { ...(cert ? { certFile: cert, keyFile: key } : {}), ...(caFile ? { caFile } : {}), ...(serverName ? { serverName } : {}) } : false,
    ...(apiKey ? { apiKey } : {}),
  };
}

/** What `Connection.connect` / `NativeConnection.connect` take besides the address. */
export interface TemporalConnectionOptions {
  /** absent: plaintext; false: plaintext even with an API key (TEMPORAL_TLS=0, e.g. a TLS-terminating sidecar) */
  tls?: false | { clientCertPair?: { crt: Uint8Array; key: Uint8Array }; serverRootCACertificate?: Uint8Array; serverNameOverride?: string };
  apiKey?: string;
}

/**
 * The connection options of `temporalConnectionEnv`, the named files read with `readFile`
 * (the apps pass node:fs's readFileSync; this library stays free of I/O).
 */
export function temporalConnectionOptions(c: TemporalConnectionEnv, readFile: (path: string) => Uint8Array): TemporalConnectionOptions {
  const apiKey = c.apiKey ? ('value' in c.apiKey ? c.apiKey.value : new TextDecoder().decode(readFile(c.apiKey.file)).trim()) : undefined;
  if (c.apiKey && !apiKey) throw new Error('the Temporal API key (TEMPORAL_API_KEY / TEMPORAL_API_KEY_FILE) is empty');
  if (!c.tls) return apiKey ? { tls: false, apiKey } : { tls: undefined };
  return {
    tls: {
      ...(c.tls.certFile && c.tls.keyFile ? { clientCertPair: { crt: readFile(c.tls.certFile), key: readFile(c.tls.keyFile) } } : {}),
      ...(c.tls.caFile ? { serverRootCACertificate: readFile(c.tls.caFile) } : {}),
      ...(c.tls.serverName ? { serverNameOverride: c.tls.serverName } : {}),
    },
    ...(apiKey ? { apiKey } : {}),
  };
}
