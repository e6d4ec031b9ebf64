/**
 * package-lock.json must install as committed: `npm ci` in a fresh clone of HEAD (what a new
 * user, the Dockerfiles and CI run) refuses a lock file that disagrees with package.json, and
 * npm warns EBADENGINE when a dependency needs a newer Node than the one the README names.
 * `--dry-run` resolves the whole tree from the lock without writing node_modules (seconds);
 * .ci/run also runs the real `npm ci` in a fresh clone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './harness/stack';

jest.setTimeout(300_000);

describe('package-lock.json', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tthc-clone-'));
    const clone = spawnSync('git', ['clone', '--quiet', repoRoot, join(dir, 'repo')], { encoding: 'utf8' });
    if (clone.status !== 0) throw new Error(`git clone of ${repoRoot} failed: ${clone.stderr || clone.error?.message}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('`npm ci` accepts it in a fresh clone of HEAD, with no engine warning for the README Node version', () => {
    const r = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: join(dir, 'repo'), encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    expect(out).not.toMatch(/can only install packages when your package\.json and package-lock\.json/);
    expect(out).not.toMatch(/EBADENGINE/);
    expect(r.status).toBe(0);
    expect(out).toMatch(/added \d+ packages/);
  });

  it('the Node version is one answer: engines, README, DEVELOPING and the Dockerfiles agree', () => {
    const engines = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.node as string;
    const min = /^>=(\d+\.\d+)$/.exec(engines)?.[1];
    expect(min).toBeDefined();
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(`Node.js ${min}+`);
    expect(readFileSync(join(repoRoot, 'docs/DEVELOPING.md'), 'utf8')).toContain(`Node ${min}+`);
    const major = min!.split('.')[0];
    for (const f of ['docker/api.Dockerfile', 'docker/worker.Dockerfile']) {
      const froms = readFileSync(join(repoRoot, f), 'utf8').match(/^FROM node:(\d+)/gm) ?? [];
      expect(froms.length).toBeGreaterThan(0);
      for (const from of froms) expect(from).toBe(`FROM node:${major}`);
    }
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(Number(major));
  });
});
