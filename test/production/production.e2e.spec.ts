/**
 * Issue 14, production mode: the topology of docker/compose.yml run natively — our own
 * PostgreSQL server, the Temporal server built from go.temporal.io/server on that PostgreSQL
 * (schema by temporal-sql-tool, namespace and search attributes by the compose file's setup
 * scripts), API ×2 and worker ×2 with the environment the compose file gives them.
 *
 * Online dossiers of the shipped procedure chứng thực bản sao (2.000815) are submitted by the
 * portal through both API replicas and worked by an officer through both (receive with
 * "không đủ điều kiện" → refusal notice, status 1 → 2 → 3, the workflow ends). While dossiers
 * are in flight: kill -9 of one worker, of one API replica, of the Temporal server and of
 * PostgreSQL, each restarted. Then, for every dossier: completed exactly once (one workflow
 * run, COMPLETED), progress records 1, 2, 3 with one outbox row each, exactly two inbox rows
 * (both COMPLETED, one `task.complete` audit entry each), a verifying event chain; no dossier
 * row that the portal was not told about; and no 500 anywhere — while a dependency is down the
 * API answers 503 with the error JSON.
 */
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { startProductionStack, type ProductionStack } from './harness/production-stack';
import { until as poll } from './harness/service-process';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

const PROCEDURE = '2.000815';
const DEADLINE_MS = 420_000;
const log = (line: string) => process.stdout.write(`[production] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

interface Answer {
  status: number; // 0: no answer (connection refused or cut)
  body: any;
}

interface Recorded {
  replica: number;
  method: string;
  path: string;
  status: number;
  code?: string;
  phase: string;
}

let stack: ProductionStack;
let temporal: Client;
let connection: Connection;
let phase = 'setup';
const recorded: Recorded[] = [];
const tokens: Record<string, string> = {};

/** one HTTP call to replica `r`, recorded; a refused or cut connection is status 0 */
async function call(r: number, user: string, method: string, path: string, body?: unknown): Promise<Answer> {
  let status = 0;
  let parsed: any;
  try {
    const res = await fetch(`${stack.urls[r]}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    status = res.status;
    const text = await res.text();
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
  } catch {
    status = 0;
  }
  recorded.push({ replica: r, method, path: path.replace(/[0-9a-f-]{36}/g, ':id'), status, code: parsed?.error?.code, phase });
  return { status, body: parsed };
}

async function login(r: number, username: string): Promise<string> {
  const res = await fetch(`${stack.urls[r]}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo@123' }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/** polls until `fn` answers (bounded by the suite's deadline for a dossier) */
const until = <T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = DEADLINE_MS) => poll(what, fn, timeoutMs);

interface Dossier {
  id: string;
  instanceId: string;
  n: number;
}
const dossiers: Dossier[] = [];
let submitted = 0;

/**
 * The portal submits through replica r. A 503 means nothing was kept (the API deletes what it
 * wrote when the engine did not take the start), so the portal submits again — as a client of
 * a load balancer does; the final check proves that no dossier row was left behind by a 503.
 */
async function submit(r: number): Promise<Dossier> {
  const n = ++submitted;
  const body = {
    procedureCode: PROCEDURE,
    channel: 2,
    applicant: { type: 1, name: `Nguyễn Văn Thử ${n}`, idNumber: `0331900${String(n).padStart(5, '0')}`, address: 'Phường Hiến Nam, Hưng Yên', phone: '0987654321' },
    summary: `Chứng thực bản sao số ${n}`,
  };
  const res = await until(`submission ${n} accepted`, async () => {
    const answer = await call(r, 'portal', 'POST', '/api/v1/dossiers', body);
    if (answer.status === 503) return false;
    if (answer.status !== 201) throw new Error(`submission ${n} through replica ${r + 1}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  });
  const view = await until(`dossier ${n} readable`, async () => {
    const v = await call((r + 1) % 2, 'officer', 'GET', `/api/v1/dossiers/${res.body.id}`);
    return v.status === 200 && v.body;
  });
  const d = { id: res.body.id as string, instanceId: view.instanceId as string, n };
  dossiers.push(d);
  return d;
}

async function openTask(d: Dossier, elementId: string, r = d.n % 2): Promise<{ id: string }> {
  return until(`dossier ${d.n}: open task ${elementId}`, async () => {
    const res = await call(r, 'officer', 'GET', `/api/v1/tasks?instanceId=${d.instanceId}&state=OPEN&limit=50`);
    r = (r + 1) % 2;
    return res.status === 200 && (res.body.items as Array<{ id: string; elementId: string }>).find((t) => t.elementId === elementId);
  });
}

/**
 * Completes a task however long an outage lasts: while it is OPEN, ask for the completion
 * (alternating replicas); a 503, a cut connection or `TASK_COMPLETING` means "not yet".
 */
async function completeUntilDone(d: Dossier, taskId: string, variables: Record<string, unknown>, r: number): Promise<void> {
  await until(`dossier ${d.n}: task ${taskId} COMPLETED`, async () => {
    const current = await call(r, 'officer', 'GET', `/api/v1/tasks/${taskId}`);
    r = (r + 1) % 2;
    if (current.status === 200 && current.body.state === 'COMPLETED') return true;
    if (current.status === 200 && current.body.state === 'OPEN') await call(r, 'officer', 'POST', `/api/v1/tasks/${taskId}/complete`, { variables });
    return false;
  });
}

/** receive ("không đủ điều kiện") then refuse, through alternating replicas, until the dossier is closed */
async function work(d: Dossier): Promise<void> {
  const receive = await openTask(d, 'Task_TiepNhan');
  await completeUntilDone(d, receive.id, { ketQuaKiemTra: 'tu-choi' }, d.n % 2);
  const refuse = await openTask(d, 'Task_TuChoi', (d.n + 1) % 2);
  await completeUntilDone(d, refuse.id, { reason: 'Bản chính không đủ điều kiện chứng thực' }, (d.n + 1) % 2);
  await until(`dossier ${d.n} closed (status 3)`, async () => {
    const v = await call(d.n % 2, 'officer', 'GET', `/api/v1/dossiers/${d.id}`);
    return v.status === 200 && v.body.status === 3;
  });
}

/** a wave of dossiers submitted through both replicas, their receive tasks open */
async function wave(count: number): Promise<Dossier[]> {
  const out: Dossier[] = [];
  for (let i = 0; i < count; i++) out.push(await submit(i % 2));
  for (const d of out) await openTask(d, 'Task_TiepNhan');
  return out;
}

beforeAll(async () => {
  stack = await startProductionStack({
    operatorEnv: {
      POSTGRES_PASSWORD: randomBytes(12).toString('base64url'),
      TTHC_JWT_SECRET: randomBytes(48).toString('base64url'),
      TTHC_AUDIT_KEY: randomBytes(48).toString('base64url'),
      // the demo agencies and accounts (STP, its MOTCUA unit, officer, portal, auditor)
      TTHC_SEED_DEMO: '1',
    },
    log,
  });
  connection = await Connection.connect({ address: stack.temporalAddress });
  temporal = new Client({ connection, namespace: stack.compose.services.api.environment!.TEMPORAL_NAMESPACE as string, dataConverter: TTHC_DATA_CONVERTER });
  // a token from one replica works on the other (shared TTHC_JWT_SECRET, as behind a load balancer)
  tokens.portal = await login(0, 'portal');
  tokens.officer = await login(1, 'officer');
  tokens.auditor = await login(0, 'auditor');
  phase = 'steady';
}, 1_200_000);

afterAll(async () => {
  await connection?.close().catch(() => undefined);
  await stack?.stop();
}, 120_000);

describe('production mode: API ×2 and worker ×2 on the Temporal server and PostgreSQL', () => {
  it('runs with the environment of docker/compose.yml on the built Temporal server, with our search attributes', async () => {
    const api = stack.apis[0].env;
    expect(api.DATABASE_URL).toBe(`postgres://tthc@127.0.0.1:${stack.postgres.options.port}/tthc`);
    expect(api.PGPASSWORD).toBe(stack.postgres.options.password);
    expect(api.TEMPORAL_ADDRESS).toBe(stack.temporalAddress);
    expect(api.NODE_ENV).toBe('production');
    expect(stack.workers[0].env.TEMPORAL_TASK_QUEUE).toBe('tthc-process');
    expect(stack.temporalEnv.DB).toBe('postgres12');
    const system = await connection.workflowService.getSystemInfo({});
    expect(system.serverVersion).toMatch(/^1\.32\./);
    const attributes = await connection.operatorService.listSearchAttributes({ namespace: temporal.options.namespace });
    for (const name of ['processKey', 'businessKey', 'definitionId', 'TthcDossierCode']) expect(Object.keys(attributes.customAttributes)).toContain(name);
    // Temporal keeps its state in PostgreSQL, next to ours
    const pg = new PgClient({ connectionString: stack.databaseUrl.replace(/\/tthc$/, '/temporal') });
    await pg.connect();
    try {
      expect(Number((await pg.query('SELECT count(*) AS n FROM shards')).rows[0].n)).toBe(Number(stack.temporalEnv.NUM_HISTORY_SHARDS));
    } finally {
      await pg.end();
    }
  });

  it('two API replicas and two workers starting together on an empty database: each starts once, nothing refused', async () => {
    // the replicas were started at the same moment (as `up --scale api=2`); both migrate, seed the
    // demo agencies and users, deploy processes/ and seed the procedure catalog — one after the
    // other (advisory locks), so none fails on a unique key and none has to be restarted
    await until('both workers polling', async () => stack.workers.every((w) => /\[worker\] polling /.test(w.output())) && true);
    expect([...stack.apis, ...stack.workers].map((p) => ({ name: p.name, starts: p.starts, exits: p.exits }))).toEqual(
      ['api-1', 'api-2', 'worker-1', 'worker-2'].map((name) => ({ name, starts: 1, exits: [] })),
    );
    for (const api of stack.apis) {
      const out = api.output();
      expect({ api: api.name, refused: out.split('\n').filter((l) => /failed to start|not deployed|not seeded|duplicate key/.test(l)) }).toEqual({ api: api.name, refused: [] });
      // every shipped procedure is in place on each replica: deployed or found unchanged
      expect({ api: api.name, seeded: (out.match(/procedure \d\.\d{6}/g) ?? []).length }).toEqual({ api: api.name, seeded: 5 });
    }
    const pg = new PgClient({ connectionString: stack.databaseUrl });
    await pg.connect();
    try {
      const users = (await pg.query('SELECT username, count(*)::int AS n FROM users GROUP BY username ORDER BY username')).rows;
      expect(users.filter((u) => u.n !== 1)).toEqual([]);
      expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'auditor', 'officer', 'portal']));
      const versions = (await pg.query('SELECT process_key, count(*)::int AS n FROM process_definitions GROUP BY process_key')).rows;
      expect(versions.filter((v) => v.n !== 1)).toEqual([]);
    } finally {
      await pg.end();
    }
  });

  it('steady state: dossiers through both API replicas complete', async () => {
    const ds = await wave(2);
    await Promise.all(ds.map(work));
  });

  it('kill -9 of a worker while completions are in flight: restarted, every dossier completes', async () => {
    phase = 'worker-kill';
    const ds = await wave(4);
    const running = ds.map(work);
    await until('a receipt in flight', async () => recorded.some((x) => x.phase === phase && x.method === 'POST' && x.path.endsWith('/complete')));
    const old = stack.workers[0].kill9();
    log(`killed worker-1 (pid ${old})`);
    await stack.workers[0].waitRestarted(old);
    await Promise.all(running);
  });

  it('kill -9 of an API replica while completions are in flight: restarted, cut-off completions reconciled', async () => {
    phase = 'api-kill';
    const ds = await wave(4);
    const running = ds.map(work);
    await until('a receipt in flight', async () => recorded.some((x) => x.phase === phase && x.method === 'POST' && x.path.endsWith('/complete')));
    const old = stack.apis[0].kill9();
    log(`killed api-1 (pid ${old})`);
    await stack.apis[0].waitRestarted(old);
    await Promise.all(running);
  });

  it('kill -9 of the Temporal server: 503 while it is down, restarted, every dossier completes', async () => {
    phase = 'temporal-kill';
    const [probe, ...ds] = await wave(4);
    const running = ds.map(work);
    await until('a receipt in flight', async () => recorded.some((x) => x.phase === phase && x.method === 'POST' && x.path.endsWith('/complete')));
    const pid = await stack.killTemporal();
    log(`killed temporal-server (pid ${pid})`);
    phase = 'temporal-down';
    const receive = (await call(0, 'officer', 'GET', `/api/v1/tasks?instanceId=${probe.instanceId}&state=OPEN`)).body.items[0];
    // both replicas at once (the first engine call finds Temporal gone within a probe's deadline; then each replica answers 503 from its cached state)
    await Promise.all(
      [0, 1].map(async (r) => {
        // reads served from PostgreSQL still work
        expect((await call(r, 'officer', 'GET', `/api/v1/dossiers/${probe.id}`)).status).toBe(200);
        // what needs the engine answers 503 with the error JSON
        const health = await call(r, 'officer', 'GET', '/api/v1/health');
        expect({ status: health.status, temporal: health.body?.temporal?.ok }).toEqual({ status: 503, temporal: false });
        const sub = await call(r, 'portal', 'POST', '/api/v1/dossiers', { procedureCode: PROCEDURE, channel: 2, applicant: { type: 1, name: `Trần Thị Ngừng ${r + 1}`, idNumber: `03319009999${r}`, address: 'Hưng Yên' }, summary: 'Nộp khi Temporal ngừng' });
        expect({ status: sub.status, code: sub.body?.error?.code }).toEqual({ status: 503, code: 'ENGINE_UNAVAILABLE' });
      }),
    );
    // one task, one replica after the other (a completion claims the task until its 503 reopens it)
    for (const r of [0, 1]) {
      const done = await call(r, 'officer', 'POST', `/api/v1/tasks/${receive.id}/complete`, { variables: { ketQuaKiemTra: 'tu-choi' } });
      expect({ status: done.status, code: done.body?.error?.code }).toEqual({ status: 503, code: 'ENGINE_UNAVAILABLE' });
    }
    await stack.restartTemporal();
    log(`temporal-server restarted (pid ${stack.temporal.pid})`);
    phase = 'temporal-back';
    await Promise.all([...running, work(probe)]);
  });

  it('kill -9 of PostgreSQL: 503 while it is down, restarted (crash recovery), every dossier completes', async () => {
    phase = 'postgres-kill';
    const [probe, ...ds] = await wave(4);
    const running = ds.map(work);
    await until('a receipt in flight', async () => recorded.some((x) => x.phase === phase && x.method === 'POST' && x.path.endsWith('/complete')));
    const receive = (await call(0, 'officer', 'GET', `/api/v1/tasks?instanceId=${probe.instanceId}&state=OPEN`)).body.items[0];
    await stack.postgres.kill9();
    log('killed postgres');
    phase = 'postgres-down';
    for (const r of [0, 1]) {
      const health = await call(r, 'officer', 'GET', '/api/v1/health');
      expect({ status: health.status, database: health.body?.database?.ok }).toEqual({ status: 503, database: false });
      for (const [method, path, body] of [
        ['GET', `/api/v1/dossiers/${probe.id}`, undefined],
        ['GET', '/api/v1/tasks?state=OPEN', undefined],
        ['POST', '/api/v1/dossiers', { procedureCode: PROCEDURE, channel: 2, applicant: { type: 1, name: 'Lê Văn Mất Điện', idNumber: '033190088888', address: 'Hưng Yên' }, summary: 'Nộp khi CSDL ngừng' }],
        ['POST', `/api/v1/tasks/${receive.id}/complete`, { variables: { ketQuaKiemTra: 'tu-choi' } }],
      ] as const) {
        const res = await call(r, method === 'POST' && path.endsWith('/dossiers') ? 'portal' : 'officer', method, path, body);
        expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({ path, status: 503, code: 'DATABASE_UNAVAILABLE' });
      }
    }
    await stack.postgres.start();
    log('postgres restarted');
    phase = 'postgres-back';
    await Promise.all([...running, work(probe)]);
  });

  it('every dossier completed exactly once: one run, statuses 1-2-3, two inbox rows, one audit entry per completion, nothing extra', async () => {
    phase = 'verify';
    const pg = new PgClient({ connectionString: stack.databaseUrl });
    await pg.connect();
    try {
      // no dossier row the portal was not told about (a 503 submission left nothing behind)
      const rows = (await pg.query('SELECT id, status FROM dossiers ORDER BY submitted_at')).rows as Array<{ id: string; status: number }>;
      expect(rows.map((r) => r.id).sort()).toEqual(dossiers.map((d) => d.id).sort());
      for (const d of dossiers) {
        const progress = (await pg.query('SELECT seq, status FROM dossier_progress WHERE dossier_id = $1 ORDER BY seq', [d.id])).rows;
        const outbox = (await pg.query('SELECT count(*)::int AS n, count(DISTINCT progress_id)::int AS distinct_n FROM dossier_sync_outbox WHERE dossier_id = $1', [d.id])).rows[0];
        const tasks = (await pg.query('SELECT id, element_id, state FROM tasks WHERE dossier_id = $1 ORDER BY created_at', [d.id])).rows;
        const audits = (await pg.query("SELECT entity_id, count(*)::int AS n FROM audit_log WHERE action = 'task.complete' AND entity_id = ANY($1) GROUP BY entity_id ORDER BY entity_id", [tasks.map((t) => t.id)])).rows;
        expect({
          dossier: d.n,
          progress: progress.map((p) => [p.seq, p.status]),
          outbox,
          tasks: tasks.map((t) => [t.element_id, t.state]),
          audits: audits.map((a) => a.n),
        }).toEqual({
          dossier: d.n,
          progress: [
            [1, 1],
            [2, 2],
            [3, 3],
          ],
          outbox: { n: 3, distinct_n: 3 },
          tasks: [
            ['Task_TiepNhan', 'COMPLETED'],
            ['Task_TuChoi', 'COMPLETED'],
          ],
          audits: [1, 1],
        });
        const verify = await call(d.n % 2, 'officer', 'GET', `/api/v1/dossiers/${d.id}/events/verify`);
        expect({ dossier: d.n, ok: verify.body?.ok }).toEqual({ dossier: d.n, ok: true });
        // one workflow run, completed
        const runs = [];
        for await (const w of temporal.workflow.list({ query: `WorkflowId = 'dossier/${d.id}'` })) runs.push(w.status.name);
        expect({ dossier: d.n, runs }).toEqual({ dossier: d.n, runs: ['COMPLETED'] });
      }
    } finally {
      await pg.end();
    }
    expect((await call(0, 'auditor', 'GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    expect(dossiers.length).toBe(2 + 4 + 4 + 4 + 4);
  });

  it('never answered 500: while a dependency was down the answers were 503 with the error JSON', () => {
    const errors = recorded.filter((x) => x.status >= 500 && x.status !== 503);
    expect(errors).toEqual([]);
    const unavailable = recorded.filter((x) => x.status === 503);
    for (const x of unavailable) expect(['ENGINE_UNAVAILABLE', 'DATABASE_UNAVAILABLE', 'DATABASE_READ_ONLY']).toContain(x.code);
    const byPhase: Record<string, Record<number, number>> = {};
    for (const x of recorded) (byPhase[x.phase] ??= {})[x.status] = (byPhase[x.phase][x.status] ?? 0) + 1;
    log(`answers by phase: ${JSON.stringify(byPhase)}`);
    log(`process exits: ${JSON.stringify([...stack.apis, ...stack.workers].map((p) => ({ name: p.name, starts: p.starts, exits: p.exits })))}`);
  });
});
