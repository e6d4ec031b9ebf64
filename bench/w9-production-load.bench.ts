/**
 * W9 (performance.md): load and per-dossier cost on the production-mode stack — the topology of
 * docker/compose.yml run natively (test/production/harness): a PostgreSQL server of its own,
 * the Temporal server built from go.temporal.io/server on it, API ×2 and worker ×2 with the
 * compose file's environment. Loopback only, bounded in count and time.
 *
 * Each dossier follows the shipped procedure chứng thực bản sao (2.000815) through the HTTP
 * API, as the officers of a one-stop shop would: submit (portal) → receive (Mẫu 01 generated)
 * → two component scans uploaded → digitise → review → approve → certify → the result PDF
 * uploaded and signed (PAdES, the officer's key) → sign step → return (status 10). Submissions
 * arrive open-loop at rising rates, a stage per rate, each dossier worked as soon as its task
 * is open; the run stops at the first stage that saturates (submission p95 over 500 ms, the
 * finished rate below 90 % of the offered rate, or errors) or when the stages are done.
 *
 * Measured per finished dossier, over the whole run: Temporal actions and history events
 * (from each workflow's history), database rows and bytes (tthc, temporal, temporal_visibility:
 * row counts and pg_total_relation_size before/after), blob bytes, and CPU seconds of each
 * process (workers, APIs, temporal-server, PostgreSQL with its backends) from /proc.
 *
 *   npm run bench -- w9 [--smoke] [--rates 0.25,0.5,1,2] [--stage-seconds 60]
 */
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client as PgClient } from 'pg';
import { PDFDocument, StandardFonts } from 'pdf-lib';
// the production-mode stack of the end-to-end suite (a test harness, not a project)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startProductionStack, type ProductionStack } from '../test/production/harness/production-stack';
import { environmentInfo, writeResult } from './w1w3w5/results';
import { summarize } from './w1w3w5/stats';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

const smoke = process.argv.includes('--smoke');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RATES = (arg('--rates') ?? (smoke ? '0.2' : '0.25,0.5,1,2,4')).split(',').map(Number);
const STAGE_SECONDS = Number(arg('--stage-seconds') ?? (smoke ? 15 : 60));
const DRAIN_LIMIT_MS = smoke ? 180_000 : 600_000;
const PROCEDURE = '2.000815';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`[w9] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

let stack: ProductionStack;
const tokens: Record<string, string> = {};
let nextReplica = 0;
const replica = () => stack.urls[nextReplica++ % stack.urls.length];

async function http(user: string, method: string, path: string, body?: unknown): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(replica() + path, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // 409 TASK_COMPLETING: an earlier completion is being reconciled; ask again
    if (res.status === 409 && text.includes('TASK_COMPLETING') && attempt < 50) {
      await sleep(200);
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  }
}

async function openTask(instanceId: string, elementId: string): Promise<string> {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  while (Date.now() < deadline) {
    const list = await http('officer', 'GET', `/api/v1/tasks?instanceId=${instanceId}&state=OPEN&limit=50`);
    const t = (list.items as Array<{ id: string; elementId: string }>).find((x) => x.elementId === elementId);
    if (t) return t.id;
    await sleep(100);
  }
  throw new Error(`task ${elementId} of ${instanceId} never opened`);
}

let pdfBytes: Uint8Array;
async function upload(dossierId: string, fields: Record<string, string>, name: string): Promise<{ id: string }> {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(pdfBytes)], { type: 'application/pdf' }), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return http('officer', 'POST', `/api/v1/dossiers/${dossierId}/documents`, form);
}

interface DossierRun {
  id: string;
  workflowId: string;
  submitMs: number;
  totalMs: number;
}

/** one dossier through the whole procedure; returns its timings */
async function dossier(n: number): Promise<DossierRun> {
  const t0 = performance.now();
  const created = await http('portal', 'POST', '/api/v1/dossiers', {
    procedureCode: PROCEDURE,
    channel: 2,
    applicant: { type: 1, name: `Người nộp ${n}`, idNumber: `0331${String(n).padStart(8, '0')}`, address: 'Phường Hiến Nam, Hưng Yên', phone: '0987654321' },
    summary: `Chứng thực bản sao (W9 #${n})`,
  });
  const submitMs = performance.now() - t0;
  const view = await http('officer', 'GET', `/api/v1/dossiers/${created.id}`);
  const step = async (elementId: string, variables: Record<string, unknown> = {}) =>
    http('officer', 'POST', `/api/v1/tasks/${await openTask(view.instanceId, elementId)}/complete`, { variables });
  await step('Task_TiepNhan');
  for (const c of (view.components as Array<{ id: string; required: boolean }>).filter((x) => x.required)) await upload(created.id, { componentId: c.id }, `scan-${c.id}.pdf`);
  await step('Task_SoHoa');
  await step('Task_DoiChieu');
  await step('Task_PheDuyet');
  await step('Task_GhiSo');
  const result = await upload(created.id, { kind: 'result' }, 'ban-sao-chung-thuc.pdf');
  await http('officer', 'POST', `/api/v1/documents/${result.id}/sign`, { reason: 'Chứng thực bản sao điện tử' });
  await step('Task_KySo');
  await step('Task_TraKetQua');
  const done = await http('officer', 'GET', `/api/v1/dossiers/${created.id}`);
  if (done.status !== 10) throw new Error(`dossier ${n} ended in status ${done.status}`);
  return { id: created.id, workflowId: view.workflowId, submitMs, totalMs: performance.now() - t0 };
}

/** CPU seconds (user + system) of a process, with its reaped children when asked */
function cpuSeconds(pid: number, withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / 100;
  } catch {
    return 0;
  }
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** CPU seconds per role so far (restarted processes are not expected during W9) */
function cpuSnapshot(): Record<string, number> {
  const pg = stack.postgres.pid!;
  return {
    workers: stack.workers.reduce((s, w) => s + cpuSeconds(w.pid!), 0),
    apis: stack.apis.reduce((s, a) => s + cpuSeconds(a.pid!), 0),
    temporalServer: cpuSeconds(stack.temporal.pid),
    postgres: cpuSeconds(pg, true) + childrenOf(pg).reduce((s, c) => s + cpuSeconds(c), 0),
  };
}

async function dbSnapshot(): Promise<Record<string, { rows: Record<string, number>; bytes: number }>> {
  const out: Record<string, { rows: Record<string, number>; bytes: number }> = {};
  for (const db of ['tthc', 'temporal', 'temporal_visibility']) {
    const c = new PgClient({ connectionString: stack.databaseUrl.replace(/\/tthc$/, `/${db}`) });
    await c.connect();
    try {
      await c.query('ANALYZE');
      const tables = (await c.query("SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname")).rows.map((r) => r.relname as string);
      const rows: Record<string, number> = {};
      for (const t of tables) rows[t] = Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
      const bytes = Number((await c.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b);
      out[db] = { rows, bytes };
    } finally {
      await c.end();
    }
  }
  return out;
}

function dirBytes(dir: string): number {
  try {
    return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return 0;
  }
}

/** Temporal actions of one workflow, counted from its history the way Temporal meters them */
const ACTION_EVENTS = new Set([
  'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
  'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
  'EVENT_TYPE_TIMER_STARTED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
  'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
  'EVENT_TYPE_MARKER_RECORDED',
  'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
  'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
]);

async function historyCosts(client: Client, workflowIds: string[]) {
  const events: number[] = [];
  const actions: number[] = [];
  const bytes: number[] = [];
  const byType: Record<string, number> = {};
  for (const id of workflowIds) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const list = history.events ?? [];
    events.push(list.length);
    let a = 0;
    for (const e of list) {
      const name = temporal.api.enums.v1.EventType[e.eventType as number] ?? String(e.eventType);
      const key = name.startsWith('EVENT_TYPE_') ? name : `EVENT_TYPE_${name}`;
      byType[key] = (byType[key] ?? 0) + 1;
      if (ACTION_EVENTS.has(key)) a++;
    }
    actions.push(a);
    bytes.push(temporal.api.history.v1.History.encode(history).finish().length);
  }
  const mean = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length)) * 10) / 10;
  return {
    workflows: workflowIds.length,
    historyEventsPerDossier: mean(events),
    actionsPerDossier: mean(actions),
    historyBytesPerDossier: mean(bytes),
    eventTypesPerDossier: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, Math.round((v / workflowIds.length) * 10) / 10])),
  };
}

/**
 * The peak of a province is submissions (50/s at a deadline), the officers' steps follow over
 * days: the cost of a submission alone — accepted, the workflow started, the receive task in
 * the inbox — measured on its own: SUBMIT_ONLY dossiers, 4 in flight, never worked further.
 */
const SUBMIT_ONLY = smoke ? 8 : 40;
async function submissionsOnly(first: number) {
  const cpu0 = cpuSnapshot();
  const db0 = await dbSnapshot();
  const latencies: number[] = [];
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < SUBMIT_ONLY) {
      const k = first + next++;
      const s = performance.now();
      const created = await http('portal', 'POST', '/api/v1/dossiers', {
        procedureCode: PROCEDURE,
        channel: 2,
        applicant: { type: 1, name: `Người nộp ${k}`, idNumber: `0331${String(k).padStart(8, '0')}`, address: 'Hưng Yên' },
        summary: `Chỉ nộp (W9 #${k})`,
      });
      latencies.push(performance.now() - s);
      const view = await http('officer', 'GET', `/api/v1/dossiers/${created.id}`);
      await openTask(view.instanceId, 'Task_TiepNhan');
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSnapshot();
  const db1 = await dbSnapshot();
  const per = (x: number) => Math.round((x / SUBMIT_ONLY) * 1000) / 1000;
  return {
    count: SUBMIT_ONLY,
    concurrency: 4,
    seconds: Math.round(seconds * 10) / 10,
    acceptedPerSecond: Math.round((SUBMIT_ONLY / seconds) * 100) / 100,
    submit: summarize(latencies),
    cpuSecondsPerSubmission: Object.fromEntries(Object.entries(cpu1).map(([k, v]) => [k, per(v - cpu0[k])])),
    cpuSecondsPerSubmissionTotal: per(Object.keys(cpu1).reduce((s, k) => s + cpu1[k] - cpu0[k], 0)),
    bytesPerSubmission: Object.fromEntries(Object.keys(db1).map((db) => [db, Math.round((db1[db].bytes - db0[db].bytes) / SUBMIT_ONLY)])),
  };
}

interface Stage {
  offeredPerSecond: number;
  seconds: number;
  submitted: number;
  finished: number;
  errors: number;
  firstErrors: string[];
  finishedPerSecond: number;
  submit: ReturnType<typeof summarize>;
  endToEnd: ReturnType<typeof summarize>;
  loadAverage: number[];
  cpuSecondsPerRole: Record<string, number>;
  saturated: boolean;
  why?: string;
}

async function main() {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Ban sao giay to (W9)', { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  pdfBytes = await doc.save({ useObjectStreams: false });

  stack = await startProductionStack({
    operatorEnv: {
      POSTGRES_PASSWORD: randomBytes(12).toString('base64url'),
      TTHC_JWT_SECRET: randomBytes(48).toString('base64url'),
      TTHC_AUDIT_KEY: randomBytes(48).toString('base64url'),
      TTHC_SEED_DEMO: '1',
    },
    log,
    logPrefix: 'w9',
  });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.compose.services.api.environment!.TEMPORAL_NAMESPACE as string, dataConverter: TTHC_DATA_CONVERTER });
  try {
    for (const u of ['portal', 'officer']) {
      const res = await fetch(`${stack.urls[0]}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'Demo@123' }) });
      tokens[u] = ((await res.json()) as { accessToken: string }).accessToken;
    }
    // warm-up: one dossier end to end (the workers load the workflow bundle, the API its caches)
    await dossier(0);
    const dbBefore = await dbSnapshot();
    const blobsBefore = dirBytes(stack.dataDir);
    const cpuBefore = cpuSnapshot();
    const runs: DossierRun[] = [];
    const stages: Stage[] = [];
    let n = 1;
    for (const rate of RATES) {
      const count = Math.max(1, Math.round(rate * STAGE_SECONDS));
      const cpuStart = cpuSnapshot();
      log(`stage ${rate}/s: ${count} dossiers over ${STAGE_SECONDS} s`);
      const t0 = performance.now();
      const pending: Array<Promise<void>> = [];
      const stageRuns: DossierRun[] = [];
      const errors: string[] = [];
      for (let i = 0; i < count; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const k = n++;
        pending.push(
          dossier(k).then(
            (r) => void stageRuns.push(r),
            (err: Error) => void errors.push(err.message),
          ),
        );
      }
      const drained = await Promise.race([Promise.all(pending).then(() => true), sleep(DRAIN_LIMIT_MS).then(() => false)]);
      const seconds = (performance.now() - t0) / 1000;
      runs.push(...stageRuns);
      const cpuEnd = cpuSnapshot();
      const submit = summarize(stageRuns.map((r) => r.submitMs));
      const finishedPerSecond = Math.round((stageRuns.length / seconds) * 100) / 100;
      const why = !drained
        ? `not drained within ${DRAIN_LIMIT_MS / 1000} s`
        : errors.length
          ? `${errors.length} errors`
          : submit.p95 > 500
            ? `submission p95 ${submit.p95} ms > 500 ms`
            : finishedPerSecond < 0.9 * rate * (STAGE_SECONDS / seconds)
              ? `finished ${finishedPerSecond}/s below the offered rate`
              : undefined;
      stages.push({
        offeredPerSecond: rate,
        seconds: Math.round(seconds * 10) / 10,
        submitted: count,
        finished: stageRuns.length,
        errors: errors.length,
        firstErrors: errors.slice(0, 3),
        finishedPerSecond,
        submit,
        endToEnd: summarize(stageRuns.map((r) => r.totalMs)),
        loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
        cpuSecondsPerRole: Object.fromEntries(Object.entries(cpuEnd).map(([k, v]) => [k, Math.round((v - cpuStart[k]) * 10) / 10])),
        saturated: why !== undefined,
        why,
      });
      log(`stage ${rate}/s: ${stageRuns.length}/${count} finished in ${seconds.toFixed(1)} s, submit p95 ${submit.p95} ms${why ? ` — saturated: ${why}` : ''}`);
      if (why) break;
    }
    const cpuAfter = cpuSnapshot();
    const dbAfter = await dbSnapshot();
    const blobsAfter = dirBytes(stack.dataDir);
    const submissions = await submissionsOnly(n);
    const finished = runs.length;
    const per = (x: number) => Math.round((x / Math.max(1, finished)) * 1000) / 1000;
    const rowsPerDossier: Record<string, Record<string, number>> = {};
    const bytesPerDossier: Record<string, number> = {};
    for (const db of Object.keys(dbAfter)) {
      rowsPerDossier[db] = {};
      for (const [t, v] of Object.entries(dbAfter[db].rows)) {
        const d = v - (dbBefore[db].rows[t] ?? 0);
        if (d !== 0) rowsPerDossier[db][t] = per(d);
      }
      bytesPerDossier[db] = Math.round((dbAfter[db].bytes - dbBefore[db].bytes) / Math.max(1, finished));
    }
    bytesPerDossier.blobs = Math.round((blobsAfter - blobsBefore) / Math.max(1, finished));
    const cpuPerDossier = Object.fromEntries(Object.entries(cpuAfter).map(([k, v]) => [k, per(v - cpuBefore[k])]));
    const history = await historyCosts(client, runs.map((r) => r.workflowId));
    const file = writeResult('w9-production-load', smoke, {
      ...environmentInfo(),
      parameters: {
        topology: 'docker/compose.yml run natively: PostgreSQL (own server) + temporal-server (go.temporal.io/server, built) + API x2 + worker x2, loopback',
        historyShards: Number(stack.temporalEnv.NUM_HISTORY_SHARDS),
        procedure: `${PROCEDURE} chứng thực bản sao: submit, receive (Mẫu 01), 2 scans, digitise, review, approve, certify, result upload + PAdES signature, sign, return`,
        httpCallsPerDossier: 'about 25 (submit, view, 7 task lookups + completions, 3 uploads, sign, final read)',
        rates: RATES,
        stageSeconds: STAGE_SECONDS,
        saturationRule: 'submission p95 > 500 ms, finished rate < 90 % of offered, errors, or not drained',
        dataDirBlobs: 'document bytes (scans, notices, signed result) in TTHC_DATA_DIR',
      },
      figures: {
        finishedDossiers: finished,
        stages,
        submissionsOnly: submissions,
        perDossier: {
          cpuSeconds: cpuPerDossier,
          cpuSecondsTotal: per(Object.keys(cpuAfter).reduce((s, k) => s + cpuAfter[k] - cpuBefore[k], 0)),
          temporal: history,
          databaseRows: rowsPerDossier,
          bytes: bytesPerDossier,
        },
      },
    });
    log(`wrote ${file}`);
  } finally {
    await connection.close().catch(() => undefined);
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    void stack?.stop().finally(() => process.exit(1));
  },
);
