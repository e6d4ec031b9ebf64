/**
 * Issue #2 end to end: the product started as a user starts it (scripts/start.mjs), a BPMN
 * file deployed and an instance started with the CLI, its user task completed through the
 * API, and the whole stack SIGKILLed while a user task is open, then restarted.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestApi } from './harness/api-client';
import { freshDatabase, repoRoot, Stack, startStack } from './harness/stack';

const run = promisify(execFile);
const tthc = join(repoRoot, 'apps/cli/bin/tthc.js');
const sample = join(repoRoot, 'processes/demo-approval.bpmn');

function cli(stack: Stack, args: string[]) {
  return run(process.execPath, [tthc, ...args], {
    cwd: repoRoot,
    env: { ...process.env, TTHC_URL: stack.url, TTHC_USER: 'analyst', TTHC_PASSWORD: 'Demo@123' },
    timeout: 120_000,
  });
}

async function openTaskOf(api: TestApi, instanceId: string) {
  return api.until(async () => {
    const res = await api.call('GET', '/api/v1/tasks?assigned=group&state=OPEN&limit=100');
    return (res.body.items as any[])?.find((t) => t.instanceId === instanceId);
  }, `the user task of ${instanceId} in the inbox`);
}

describe('platform end to end (start script, CLI, API, worker, Temporal, database)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ name: 'platform', databaseUrl: await freshDatabase('platform') });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves the login page and a green health check', async () => {
    const page = await fetch(`${stack.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"');
    const health = await fetch(`${stack.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const body = await health.json();
    expect(JSON.stringify(body)).toMatch(/temporal/i);
  });

  it('deploys with the CLI, starts with --wait, and completes when the officer completes the task', async () => {
    const deployed = await cli(stack, ['deploy', sample, '--json']);
    const dep = JSON.parse(deployed.stdout);
    expect(dep.processes[0].key).toBe('demo-approval');

    const started = cli(stack, ['start', 'demo-approval', '--vars', '{"applicant":"Nguyễn Văn A"}', '--wait', '--json']);
    const officer = await new TestApi(stack.url).login('officer');
    const task = await officer.until(async () => {
      const res = await officer.call('GET', '/api/v1/tasks?assigned=group&state=OPEN&limit=100');
      return (res.body.items as any[])?.find((t) => t.processKey === 'demo-approval');
    }, 'the demo task');
    expect((await officer.call('POST', `/api/v1/tasks/${task.id}/claim`)).status).toBeLessThan(300);
    const done = await officer.call('POST', `/api/v1/tasks/${task.id}/complete`, { variables: { approved: true } });
    expect(done.status).toBeLessThan(300);

    const out = JSON.parse((await started).stdout);
    expect(out.state).toBe('COMPLETED');
    const history = await officer.call('GET', `/api/v1/process-instances/${out.id}/history`);
    const completed = (history.body.elements as any[]).filter((e) => e.state === 'COMPLETED').map((e) => e.elementType);
    expect(completed).toEqual(expect.arrayContaining(['userTask', 'exclusiveGateway', 'serviceTask', 'endEvent']));
  });

  it('keeps an open task through a SIGKILL of the whole stack, and finishes after restart', async () => {
    const analyst = await new TestApi(stack.url).login('analyst');
    const started = await analyst.call('POST', '/api/v1/process-instances', { processKey: 'demo-approval', variables: {} });
    expect(started.status).toBe(201);
    const officer = await new TestApi(stack.url).login('officer');
    const before = await openTaskOf(officer, started.body.id);

    await stack.kill();
    stack = await startStack({ ...stack.options, dataDir: stack.dataDir, databaseUrl: stack.databaseUrl });

    const again = await new TestApi(stack.url).login('officer');
    const after = await openTaskOf(again, started.body.id);
    expect(after.id).toBe(before.id);
    await again.call('POST', `/api/v1/tasks/${after.id}/claim`);
    const done = await again.call('POST', `/api/v1/tasks/${after.id}/complete`, { variables: { approved: true } });
    expect(done.status).toBeLessThan(300);
    const final = await again.until(async () => {
      const res = await again.call('GET', `/api/v1/process-instances/${started.body.id}`);
      return res.body.state === 'COMPLETED' ? res.body : undefined;
    }, 'the instance to complete');
    expect(final.state).toBe('COMPLETED');
  });
});
