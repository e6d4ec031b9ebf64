import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFromEnv } from '../api-config';

describe('API configuration from the environment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tthc-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the documented defaults', () => {
    const c = loadConfigFromEnv({ TTHC_DATA_DIR: dir });
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      sqlitePath: join(dir, 'tthc.sqlite'),
      temporal: { address: 'localhost:7233', namespace: 'default', taskQueue: 'tthc-process', tls: undefined },
      jwt: { ttl: '8h' },
      maxBody: '10mb',
      seedDemo: false,
    });
  });

  it('generates the JWT secret once, keeps it private in the data dir, and prefers TTHC_JWT_SECRET', () => {
    const first = loadConfigFromEnv({ TTHC_DATA_DIR: dir }).jwt.secret;
    expect(first.length).toBeGreaterThanOrEqual(48);
    expect(loadConfigFromEnv({ TTHC_DATA_DIR: dir }).jwt.secret).toBe(first);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(loadConfigFromEnv({ TTHC_DATA_DIR: dir, TTHC_JWT_SECRET: 'from-env' }).jwt.secret).toBe('from-env');
  });

  it('reads the Temporal mTLS files and refuses half a key pair', () => {
    writeFileSync(join(dir, 'c.pem'), 'CERT');
    writeFileSync(join(dir, 'k.pem'), 'KEY');
    const c = loadConfigFromEnv({ TTHC_DATA_DIR: dir, TEMPORAL_TLS_CERT: join(dir, 'c.pem'), TEMPORAL_TLS_KEY: join(dir, 'k.pem') });
    expect(c.temporal.tls && Buffer.from(c.temporal.tls.clientCertPair!.crt).toString()).toBe('CERT');
    expect(() => loadConfigFromEnv({ TTHC_DATA_DIR: dir, TEMPORAL_TLS_CERT: join(dir, 'c.pem') })).toThrow(/together/);
  });

  it('connects to an existing cluster: CA and server name, TLS with the system CAs, an API key from the environment or a file', () => {
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'api-key'), 'secret-key\n');
    const base = { TTHC_DATA_DIR: dir, TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct' };
    const ca = loadConfigFromEnv({ ...base, TEMPORAL_TLS_CA: join(dir, 'ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }).temporal;
    expect(ca.tls && { ca: Buffer.from(ca.tls.serverRootCACertificate!).toString(), name: ca.tls.serverNameOverride }).toEqual({ ca: 'CA', name: 'temporal.internal' });
    expect(loadConfigFromEnv({ ...base, TEMPORAL_TLS: '1' }).temporal).toMatchObject({ address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct', tls: {} });
    // an API key means TLS (as Temporal Cloud wants) unless TEMPORAL_TLS=0 says otherwise
    expect(loadConfigFromEnv({ ...base, TEMPORAL_API_KEY: 'k1' }).temporal).toMatchObject({ tls: {}, apiKey: 'k1' });
    expect(loadConfigFromEnv({ ...base, TEMPORAL_API_KEY_FILE: join(dir, 'api-key') }).temporal).toMatchObject({ tls: {}, apiKey: 'secret-key' });
    expect(loadConfigFromEnv({ ...base, TEMPORAL_API_KEY: 'k1', TEMPORAL_TLS: '0' }).temporal).toMatchObject({ tls: false, apiKey: 'k1' });
    expect(loadConfigFromEnv({ ...base }).temporal.tls).toBeUndefined();
    expect(() => loadConfigFromEnv({ ...base, TEMPORAL_API_KEY: 'k1', TEMPORAL_API_KEY_FILE: join(dir, 'api-key') })).toThrow(/not both/);
    expect(() => loadConfigFromEnv({ ...base, TEMPORAL_TLS: '0', TEMPORAL_TLS_CA: join(dir, 'ca.pem') })).toThrow(/contradicts/);
  });
});
