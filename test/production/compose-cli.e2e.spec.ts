/**
 * Issue 14, "`docker compose -f docker/compose.yml config` passes": the literal command, run by
 * the Docker Compose CLI built from its Go module (scripts/compose-cli.mjs; `config` needs no
 * Docker engine). The Compose Specification schema check of test/docker-compose.spec.ts stays in
 * `npm test` (no Go needed there); this is the real tool, in the production suite.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the product's own scripts (no Nx project), as in apps/api's temporal-stack
import { COMPOSE_VERSION, ensureComposeCli } from '../../scripts/compose-cli.mjs';
import { repoRoot } from '../harness/stack';

const operator = { POSTGRES_PASSWORD: 'pg-secret-from-the-shell', TTHC_JWT_SECRET: 'jwt-secret-from-the-shell', TTHC_AUDIT_KEY: 'audit-key-from-the-shell-0123456789abcdef' };
let compose: string;

function run(args: string[], env: Record<string, string> = operator) {
  const r = spawnSync(compose, args, { cwd: repoRoot, env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  compose = ensureComposeCli().path;
}, 3_600_000);

describe('docker compose -f docker/compose.yml config (Docker Compose CLI built from its Go module)', () => {
  it(`is the pinned Compose v${COMPOSE_VERSION}`, () => {
    expect(run(['version', '--short']).stdout.trim()).toBe(COMPOSE_VERSION);
  });

  it('accepts the file and resolves it as compose would: services, secrets from the environment, build contexts', () => {
    const r = run(['-f', 'docker/compose.yml', 'config', '--format', 'json']);
    expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: '' });
    const project = JSON.parse(r.stdout) as { name: string; services: Record<string, { environment?: Record<string, string>; build?: { context: string; dockerfile: string }; image?: string }> };
    expect(project.name).toBe('tthc-flow');
    expect(Object.keys(project.services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-schema', 'temporal-setup', 'temporal-ui', 'worker']);
    expect(project.services.api.environment).toMatchObject({ PGPASSWORD: operator.POSTGRES_PASSWORD, TTHC_JWT_SECRET: operator.TTHC_JWT_SECRET, TTHC_AUDIT_KEY: operator.TTHC_AUDIT_KEY });
    expect(project.services.worker.build).toMatchObject({ context: repoRoot, dockerfile: 'docker/worker.Dockerfile' });
    expect(project.services.temporal.image).toMatch(/^temporalio\/server:/);
  });

  it('the check is real: compose refuses a misspelt key and a dependency on an unknown service', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-compose-'));
    try {
      const text = readFileSync(join(repoRoot, 'docker/compose.yml'), 'utf8');
      const cases: Array<[string, string, RegExp]> = [
        ['misspelt key', text.replace('restart: unless-stopped', 'restrat: unless-stopped'), /restrat/],
        ['unknown dependency', text.replace('\n      api:\n', '\n      apii:\n'), /apii/],
      ];
      for (const [what, broken, mentions] of cases) {
        expect(broken).not.toBe(text);
        writeFileSync(join(dir, 'compose.yml'), broken);
        const r = run(['-f', join(dir, 'compose.yml'), '--project-directory', join(repoRoot, 'docker'), 'config', '--quiet']);
        expect({ what, refused: r.status !== 0, mentions: mentions.test(r.stderr) }).toEqual({ what, refused: true, mentions: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
