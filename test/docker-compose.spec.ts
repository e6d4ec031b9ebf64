/**
 * docker/compose.yml is the production topology. Docker itself does not run here, so this
 * checks what can be checked without an engine: `docker compose config` when the compose
 * plugin is installed, and always the topology the docs promise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './harness/stack';

const file = join(repoRoot, 'docker/compose.yml');

describe('docker/compose.yml', () => {
  const compose = parse(readFileSync(file, 'utf8'), { merge: true });

  it('declares PostgreSQL, Temporal on PostgreSQL, Temporal UI, api and worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-setup', 'temporal-ui', 'worker']);
    expect(compose.services.temporal.environment.DB).toBe('postgres12');
    expect(compose.services.api.environment.DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(compose.services.worker.environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
    // the dossier code search attribute exists in production as in the dev server
    expect(String(compose.services['temporal-setup'].command)).toContain('--name TthcDossierCode --type Keyword');
  });

  it('builds api and worker from Dockerfiles that exist and start the right entry points', () => {
    for (const svc of ['api', 'worker']) {
      const dockerfile = join(repoRoot, 'docker', compose.services[svc].build.dockerfile.replace(/^docker\//, ''));
      expect(existsSync(dockerfile)).toBe(true);
      expect(readFileSync(dockerfile, 'utf8')).toContain(`apps/${svc}/src/main.ts`);
    }
  });

  it('keeps secrets out of the file: every password or secret comes from the environment', () => {
    const secrets = Object.values<any>(compose.services).flatMap((svc) =>
      Object.entries<string>(svc.environment ?? {}).filter(([k]) => /PASSWORD|SECRET|PWD/.test(k)),
    );
    expect(secrets.length).toBeGreaterThan(3);
    for (const [key, value] of secrets) expect(`${key}=${value}`).toMatch(/=\$\{[A-Z_]+:-\}$/);
  });

  const hasCompose = spawnSync('docker', ['compose', 'version']).status === 0;
  // `docker compose` needs the compose plugin; without it this one check is skipped (the others still run).
  (hasCompose ? it : it.skip)('passes `docker compose config`', () => {
    const r = spawnSync('docker', ['compose', '-f', file, 'config', '--quiet'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
