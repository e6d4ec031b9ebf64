/**
 * docker/compose.yml is the production topology. No Docker engine runs here, so the file is
 * checked the way `docker compose config` checks it, without the compose plugin: variables are
 * interpolated with their defaults, YAML merge keys resolved, and the result validated against
 * the Compose Specification JSON schema (compose-spec's schema/compose-spec.json, as shipped by
 * the dclint package, a Compose linter),
 * then the cross-references the schema cannot express (depends_on, named volumes, build
 * contexts) and the topology the docs promise. Why not the compose plugin: docs/deploy.md.
 */
import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { SEARCH_ATTRIBUTES } from '../scripts/dev-server.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { TEMPORAL_SERVER_VERSION } from '../scripts/temporal-server.mjs';
import { composeFile, interpolate, loadCompose as loadComposeWith } from './harness/compose';
import { readdirSync } from 'node:fs';

const file = composeFile;

function loadCompose(text: string): any {
  return loadComposeWith({}, text);
}

/** The Compose Specification schema, from the dclint package (its `exports` hide the file: read it from disk). */
const composeSchema = JSON.parse(readFileSync(join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json'), 'utf8'));

/**
 * The schema as Ajv takes it: the file names its draft "https://json-schema.org/draft-07/schema"
 * (Ajv knows "http://json-schema.org/draft-07/schema#"); `$schema` only labels the draft, so it
 * is dropped. Nothing that validates is changed.
 */
function composeValidator() {
  const { $schema: _draft, ...schema } = composeSchema;
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

/** Problems `docker compose config` would also report: references to things that do not exist. */
function crossReferenceProblems(compose: any, baseDir: string): string[] {
  const problems: string[] = [];
  const services = compose.services ?? {};
  const volumes = Object.keys(compose.volumes ?? {});
  for (const [name, svc] of Object.entries<any>(services)) {
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    for (const d of deps) if (!services[d]) problems.push(`${name}: depends_on unknown service ${d}`);
    for (const v of svc.volumes ?? []) {
      const source = typeof v === 'string' ? v.split(':')[0] : v.source;
      if (source && !/^[./~]/.test(source) && !volumes.includes(source)) problems.push(`${name}: volume ${source} is not declared`);
      if (source && /^\./.test(source) && !existsSync(resolve(baseDir, source))) problems.push(`${name}: bind mount ${source} does not exist`);
    }
    if (svc.build) {
      const context = resolve(baseDir, typeof svc.build === 'string' ? svc.build : (svc.build.context ?? '.'));
      const dockerfile = resolve(context, svc.build.dockerfile ?? 'Dockerfile');
      if (!existsSync(dockerfile)) problems.push(`${name}: Dockerfile ${dockerfile} does not exist`);
    }
  }
  return problems;
}

describe('docker/compose.yml', () => {
  const text = readFileSync(file, 'utf8');
  const compose = loadCompose(text);
  const validate = composeValidator();

  it('is a valid Compose file: the Compose Specification schema accepts it', () => {
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is real: a misspelt key, an unknown depends_on condition or a wrong type is refused', () => {
    const broken = (edit: (c: any) => void) => {
      const c = loadCompose(text);
      edit(c);
      return validate(c);
    };
    expect(broken((c) => (c.services.api.enviroment = c.services.api.environment))).toBe(false);
    expect(broken((c) => (c.services.api.depends_on.postgres.condition = 'service_ready'))).toBe(false);
    expect(broken((c) => (c.services.api.depends_on = 'postgres'))).toBe(false);
    expect(broken((c) => (c.services.worker.volumes = 'appdata:/data'))).toBe(false);
  });

  it('every reference resolves: depends_on, named volumes, bind mounts and Dockerfiles', () => {
    expect(crossReferenceProblems(compose, dirname(file))).toEqual([]);
    const c = loadCompose(text);
    c.services.worker.depends_on = { temporal: { condition: 'service_started' }, redis: { condition: 'service_started' } };
    c.services.api.volumes = ['uploads:/data'];
    expect(crossReferenceProblems(c, dirname(file))).toEqual(['api: volume uploads is not declared', 'worker: depends_on unknown service redis']);
  });

  it('interpolates like compose: defaults apply, the environment wins, $$ is a literal dollar', () => {
    expect(interpolate('a=${X:-1} b=${Y-2} c=${Z} d=$$HOME e=$W')).toBe('a=1 b=2 c= d=$HOME e=');
    expect(interpolate('a=${X:-1} b=${Y-2} c=${Z} e=$W', { X: 'x', Y: '', Z: 'z', W: 'w' })).toBe('a=x b= c=z e=w');
    expect(interpolate('a=${X:-1}', { X: '' })).toBe('a=1');
    expect(() => interpolate('a=${X:?needed}')).toThrow(/requires X/);
    expect(compose.services.api.environment.DATABASE_URL).toBe('postgres://tthc@postgres:5432/tthc');
    expect(compose.services.postgres.healthcheck.test).toEqual(['CMD-SHELL', 'pg_isready -U ${POSTGRES_USER}']);
  });

  it('declares PostgreSQL, the schema step, Temporal on PostgreSQL, its setup, Temporal UI, api and worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-schema', 'temporal-setup', 'temporal-ui', 'worker']);
    expect(compose.services.temporal.environment.DB).toBe('postgres12');
    expect(compose.services.api.environment.DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(compose.services.worker.environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('runs the production Temporal images of the pinned server version, never the development auto-setup image', () => {
    const images = Object.values<any>(compose.services).map((s) => s.image).filter(Boolean);
    expect(images.filter((i: string) => /auto-setup/.test(i))).toEqual([]);
    expect(compose.services.temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(compose.services['temporal-schema'].image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    expect(compose.services['temporal-setup'].image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    // the schema step runs before the server, the namespace step after it is healthy, the apps after both
    expect(compose.services.temporal.depends_on['temporal-schema'].condition).toBe('service_completed_successfully');
    expect(compose.services['temporal-setup'].depends_on.temporal.condition).toBe('service_healthy');
    expect(compose.services.api.depends_on['temporal-setup'].condition).toBe('service_completed_successfully');
    expect(compose.services.worker.depends_on.api.condition).toBe('service_healthy');
    // the schema step and the server read the same database settings
    for (const k of ['DB', 'POSTGRES_SEEDS', 'DB_PORT', 'POSTGRES_USER', 'POSTGRES_PWD', 'DBNAME', 'VISIBILITY_DBNAME']) {
      expect({ k, v: compose.services['temporal-schema'].environment[k] }).toEqual({ k, v: compose.services.temporal.environment[k] });
    }
  });

  it('mounts the scripts it runs, and the namespace step registers every search attribute the dev server registers', () => {
    const mounted = (svc: string) => compose.services[svc].volumes.find((v: string) => v.startsWith('./temporal:'));
    for (const svc of ['temporal-schema', 'temporal', 'temporal-setup']) expect(mounted(svc)).toBe('./temporal:/etc/tthc/temporal:ro');
    const scripts = readdirSync(resolve(dirname(file), 'temporal'));
    expect(compose.services['temporal-schema'].entrypoint).toEqual(['sh', '/etc/tthc/temporal/setup-schema.sh']);
    expect(compose.services['temporal-setup'].entrypoint).toEqual(['sh', '/etc/tthc/temporal/setup-namespace.sh']);
    expect(scripts).toEqual(expect.arrayContaining(['setup-schema.sh', 'setup-namespace.sh', 'dynamicconfig.yaml']));
    expect(compose.services.temporal.environment.DYNAMIC_CONFIG_FILE_PATH).toBe('/etc/tthc/temporal/dynamicconfig.yaml');
    const namespaceScript = readFileSync(resolve(dirname(file), 'temporal/setup-namespace.sh'), 'utf8');
    const registered = /for attribute in ([^;]+);/.exec(namespaceScript)![1].trim().split(/\s+/);
    expect(registered.sort()).toEqual(Object.keys(SEARCH_ATTRIBUTES).sort());
    expect(new Set(Object.values(SEARCH_ATTRIBUTES))).toEqual(new Set(['Keyword']));
  });

  it('checks health and restarts the long-running services', () => {
    for (const svc of ['postgres', 'temporal', 'api']) expect({ svc, test: compose.services[svc].healthcheck?.test }).toEqual({ svc, test: expect.any(Array) });
    for (const svc of ['postgres', 'temporal', 'temporal-ui', 'api', 'worker']) expect({ svc, restart: compose.services[svc].restart }).toEqual({ svc, restart: 'unless-stopped' });
    for (const svc of ['temporal-schema', 'temporal-setup']) expect({ svc, restart: compose.services[svc].restart }).toEqual({ svc, restart: 'on-failure' });
    expect(compose.services.api.healthcheck.test.join(' ')).toContain('/api/v1/health');
  });

  it('builds api and worker from Dockerfiles that exist, install with npm ci and start the right entry points', () => {
    for (const svc of ['api', 'worker']) {
      const dockerfile = resolve(dirname(file), compose.services[svc].build.context, compose.services[svc].build.dockerfile);
      const content = readFileSync(dockerfile, 'utf8');
      expect(content).toContain(`apps/${svc}/src/main.ts`);
      expect(content).toContain('npm ci --omit=dev');
    }
  });

  it('keeps secrets out of the file: every password or secret comes from the environment', () => {
    const raw = parse(text, { merge: true });
    const secrets = Object.values<any>(raw.services).flatMap((svc) =>
      Object.entries<string>(svc.environment ?? {}).filter(([k]) => /PASSWORD|SECRET|PWD/.test(k)),
    );
    expect(secrets.length).toBeGreaterThan(3);
    for (const [key, value] of secrets) expect(`${key}=${value}`).toMatch(/=\$\{[A-Z_]+:-\}$/);
  });
});
