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
import { repoRoot } from './harness/stack';

const file = join(repoRoot, 'docker/compose.yml');

/** Compose interpolation (compose-spec "interpolation"): ${VAR:-default}, ${VAR-default}, ${VAR}, $VAR, $$ — with an empty environment. */
export function interpolate(text: string): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, _x, name, op, arg) => {
    if (whole === '$$') return '$';
    if (op === ':?' || op === '?') throw new Error(`\${${name}${op}${arg}} requires ${name} to be set`);
    return name && op ? arg : '';
  });
}

function loadCompose(text: string): any {
  return parse(interpolate(text), { merge: true });
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

  it('interpolates like compose: defaults apply and $$ is a literal dollar', () => {
    expect(interpolate('a=${X:-1} b=${Y-2} c=${Z} d=$$HOME e=$W')).toBe('a=1 b=2 c= d=$HOME e=');
    expect(compose.services.api.environment.DATABASE_URL).toBe('postgres://tthc@postgres:5432/tthc');
    expect(compose.services.postgres.healthcheck.test).toEqual(['CMD-SHELL', 'pg_isready -U ${POSTGRES_USER}']);
  });

  it('declares PostgreSQL, Temporal on PostgreSQL, Temporal UI, api and worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-setup', 'temporal-ui', 'worker']);
    expect(compose.services.temporal.environment.DB).toBe('postgres12');
    expect(compose.services.api.environment.DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(compose.services.worker.environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
    // the dossier code search attribute exists in production as in the dev server
    expect(String(compose.services['temporal-setup'].command)).toContain('--name TthcDossierCode --type Keyword');
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
