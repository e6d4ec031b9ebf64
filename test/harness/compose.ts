/**
 * docker/compose.yml read the way `docker compose config` reads it: variables interpolated from
 * an environment (compose-spec "interpolation"), YAML merge keys resolved. The compose-file
 * check (test/docker-compose.spec.ts) and the production-mode suite (test/production) both read
 * the topology from here, so the environment the suite gives the API, the worker and the
 * Temporal server is the one the compose file gives the containers — one source of truth.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const composeFile = join(__dirname, '..', '..', 'docker', 'compose.yml');

/**
 * Compose interpolation: ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}, ${VAR}, $VAR,
 * and $$ for a literal dollar. `env` plays the shell environment at `up` time.
 */
export function interpolate(text: string, env: Record<string, string | undefined> = {}): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, _x, braced, op, arg, bare) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare;
    const value = env[name];
    const unset = value === undefined;
    const empty = unset || value === '';
    if (op === ':?' || op === '?') {
      if (op === ':?' ? empty : unset) throw new Error(`\${${name}${op}${arg}} requires ${name} to be set`);
      return value as string;
    }
    if (op === ':-') return empty ? arg : (value as string);
    if (op === '-') return unset ? arg : (value as string);
    return value ?? '';
  });
}

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  environment?: Record<string, string | number | boolean | null>;
  volumes?: Array<string | { source?: string; target?: string }>;
  command?: unknown;
  entrypoint?: unknown;
  healthcheck?: { test?: unknown };
  depends_on?: Record<string, { condition?: string }> | string[];
  restart?: string;
  [key: string]: unknown;
}

export interface ComposeProject {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function loadCompose(env: Record<string, string | undefined> = {}, text = readFileSync(composeFile, 'utf8')): ComposeProject {
  return parse(interpolate(text, env), { merge: true }) as ComposeProject;
}

/** A service's environment as strings (compose passes numbers and booleans as their text). */
export function serviceEnvironment(compose: ComposeProject, service: string): Record<string, string> {
  const svc = compose.services[service];
  if (!svc) throw new Error(`docker/compose.yml has no service ${service}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.environment ?? {})) out[k] = v === null || v === undefined ? '' : String(v);
  return out;
}

/** `target → host path` of a service's bind mounts (paths relative to docker/), named volumes excluded. */
export function bindMounts(compose: ComposeProject, service: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of compose.services[service]?.volumes ?? []) {
    const [source, target] = typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target ?? ''];
    if (/^[./]/.test(source)) out[target] = resolve(join(composeFile, '..'), source);
  }
  return out;
}

/** The `ENV` instructions of a Dockerfile's final stage (what the image adds to the compose environment). */
export function dockerfileEnv(dockerfile: string): Record<string, string> {
  const lines = readFileSync(dockerfile, 'utf8').split('\n');
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const out: Record<string, string> = {};
  for (const line of lines.slice(lastFrom)) {
    const m = /^ENV\s+(.*)$/i.exec(line.trim());
    if (!m) continue;
    for (const pair of m[1].match(/[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|\S*)/g) ?? []) {
      const i = pair.indexOf('=');
      out[pair.slice(0, i)] = pair.slice(i + 1).replace(/^"|"$/g, '');
    }
  }
  return out;
}
