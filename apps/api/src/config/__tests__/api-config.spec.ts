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
    expect(c.temporal.tls?.clientCertPair?.crt.toString()).toBe('CERT');
    expect(() => loadConfigFromEnv({ TTHC_DATA_DIR: dir, TEMPORAL_TLS_CERT: join(dir, 'c.pem') })).toThrow(/together/);
  });
});
