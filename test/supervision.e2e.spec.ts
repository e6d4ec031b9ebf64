/**
 * Issue #9 (supervision, audit, interrupted completions) on the product started as a user
 * starts it (`npm start` = scripts/start.mjs): kill -9 of the worker, of the API and of the
 * Temporal dev server in the middle of work. The supervisor restarts the dead child with a
 * backoff while the others keep running; every task an officer completes ends COMPLETED with
 * exactly one `task.complete` audit entry; instances still complete; Ctrl-C stops everything.
 */
import { TestApi } from './harness/api-client';
import { freshDatabase, Stack, startStack } from './harness/stack';

let stack: Stack;
let analyst: TestApi;
let officer: TestApi;
let auditor: TestApi;

beforeAll(async () => {
  stack = await startStack({ name: 'supervision', databaseUrl: await freshDatabase('supervision') });
  [analyst, officer, auditor] = await Promise.all(['analyst', 'officer', 'auditor'].map((u) => new TestApi(stack.url).login(u)));
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

/** polls `fn` until it returns a truthy value; a refused connection (API restarting) counts as "not yet" */
async function eventually<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      /* the API is restarting */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function startInstances(n: number): Promise<Array<{ instanceId: string; taskId: string }>> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const started = await eventually('an instance start', async () => {
      const res = await analyst.call('POST', '/api/v1/process-instances', { processKey: 'demo-approval', variables: { applicant: `Người nộp ${i}` } });
      return res.status === 201 && res;
    });
    const task = await eventually('its task in the inbox', async () => {
      const res = await officer.call('GET', `/api/v1/tasks?instanceId=${started.body.id}`);
      return (res.body.items as Array<{ id: string; state: string }>)?.find((t) => t.state === 'OPEN');
    });
    out.push({ instanceId: started.body.id as string, taskId: task.id });
  }
  return out;
}

/** completes a task however long the outage: retries while the task is OPEN again or the API/engine is away */
async function completeUntilDone(taskId: string): Promise<void> {
  await eventually(`task ${taskId} completed`, async () => {
    const current = await officer.call('GET', `/api/v1/tasks/${taskId}`);
    if (current.body?.state === 'COMPLETED') return true;
    if (current.body?.state === 'OPEN') await officer.call('POST', `/api/v1/tasks/${taskId}/complete`, { variables: { approved: true } });
    return false;
  }, 240_000);
}

async function waitRestarted(name: string, oldPid: number): Promise<number> {
  return eventually(`${name} restarted by the supervisor`, async () => {
    const pid = stack.childPid(name);
    return pid !== undefined && pid !== oldPid && pid;
  });
}

async function expectAuditedOnce(taskIds: string[]): Promise<void> {
  for (const id of taskIds) {
    const res = await auditor.call('GET', `/api/v1/audit?entity=task&entityId=${encodeURIComponent(id)}&limit=50`);
    expect(res.status).toBe(200);
    const completions = (res.body.items as Array<{ action: string; actor: string }>).filter((e) => e.action === 'task.complete');
    expect({ id, completions: completions.length }).toEqual({ id, completions: 1 });
    expect(completions[0].actor).toBe('officer');
  }
  expect((await auditor.call('GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
}

async function expectInstancesCompleted(instanceIds: string[]): Promise<void> {
  for (const id of instanceIds) {
    await eventually(`instance ${id} COMPLETED`, async () => (await officer.call('GET', `/api/v1/process-instances/${id}`)).body?.state === 'COMPLETED');
  }
}

it('kill -9 of the worker in the middle of completions: restarted, every task completed and audited exactly once', async () => {
  const runs = await startInstances(8);
  const workerPid = stack.childPid('worker')!;
  expect(workerPid).toBeGreaterThan(0);
  const apiPid = stack.childPid('api');
  const inFlight = runs.map((r) => officer.call('POST', `/api/v1/tasks/${r.taskId}/complete`, { variables: { approved: true } }).catch(() => undefined));
  await new Promise((r) => setTimeout(r, 150));
  process.kill(workerPid, 'SIGKILL');
  await waitRestarted('worker', workerPid);
  // the API kept running all along
  expect(stack.childPid('api')).toBe(apiPid);
  await Promise.all(inFlight);
  for (const r of runs) await completeUntilDone(r.taskId);
  await expectInstancesCompleted(runs.map((r) => r.instanceId));
  await expectAuditedOnce(runs.map((r) => r.taskId));
});

it('kill -9 of the API in the middle of completions: restarted, cut-off completions reconciled, audited exactly once', async () => {
  const runs = await startInstances(8);
  const apiPid = stack.childPid('api')!;
  const workerPid = stack.childPid('worker');
  const inFlight = runs.map((r) => officer.call('POST', `/api/v1/tasks/${r.taskId}/complete`, { variables: { approved: true } }).catch(() => undefined));
  await new Promise((r) => setTimeout(r, 150));
  process.kill(apiPid, 'SIGKILL');
  await Promise.all(inFlight);
  await waitRestarted('api', apiPid);
  expect(stack.childPid('worker')).toBe(workerPid);
  // a task whose completion was cut off is "completing…" (never "completed") until reconciled, then completes normally
  for (const r of runs) await completeUntilDone(r.taskId);
  await expectInstancesCompleted(runs.map((r) => r.instanceId));
  await expectAuditedOnce(runs.map((r) => r.taskId));
});

it('kill -9 of the Temporal dev server: restarted, open tasks survive and the instance still completes', async () => {
  const [run] = await startInstances(1);
  const temporalPid = stack.childPid('temporal')!;
  expect(temporalPid).toBeGreaterThan(0);
  const apiPid = stack.childPid('api');
  process.kill(temporalPid, 'SIGKILL');
  await waitRestarted('temporal', temporalPid);
  expect(stack.childPid('api')).toBe(apiPid);
  await completeUntilDone(run.taskId);
  await expectInstancesCompleted([run.instanceId]);
  // and a new instance runs end to end on the restarted engine
  const [fresh] = await startInstances(1);
  await completeUntilDone(fresh.taskId);
  await expectInstancesCompleted([fresh.instanceId]);
  await expectAuditedOnce([run.taskId, fresh.taskId]);
});

it('Ctrl-C still stops every child cleanly', async () => {
  const pids = ['api', 'worker', 'temporal'].map((n) => stack.childPid(n)!);
  await stack.stop();
  expect(stack.exitCode()).toBe(0);
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
});
