/**
 * W2 (performance.md): a DOSSIER with 3 user tasks in sequence, each a TTHC step under the step
 * guard (receive → review → refuse: code, due date, sealed Mẫu 01 / Mẫu 03, statuses 2, 4, 3,
 * keyed event chain, progress records), submitted through POST /dossiers as the portal; N active dossiers on the
 * Temporal dev server (port 3701), the real API (createApp, port 3700, PostgreSQL schema w2 of
 * tthc_bench) in a process of its own as in production (bench/w2w6/api-process.ts; `--in-process`:
 * in the bench's process, the setup before session 6), the real worker with its own connection
 * pool in a process of its own too (bench/w2w6/worker-process.ts, since session 8;
 * `--worker-in-process`: in the bench's process, the setup before) and the driver in the bench
 * process. A driver completes tasks through the HTTP
 * API at 20 completions/s and measures complete-API → the next task visible in the inbox
 * (`GET /tasks?instanceId=`, polled every 10 ms). Halfway, the worker is shut down and a new
 * one started; at the end every instance must have completed (zero lost tasks). The result has a
 * timeline (per 5 s: steps completed, p95s); W2_RECORDS=<file> writes every completion's figures.
 *
 *   npm run bench -- w2 [--smoke] [--instances N] [--rate R] [--in-process] [--worker-in-process]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { createWorker, type RunningWorker } from '@tthc/worker-app/src';
import { bundleWorkflows } from '@tthc/worker-app/src/worker/bundle-workflows';
// the repo's dev-server launcher (a script, not a project), as the API's end-to-end specs use it
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startDevServer } from '../scripts/dev-server.mjs';
import type { ApiConfig } from '@tthc/api-app/src/config/api-config';
import { DEMO_PASSWORD } from '@tthc/api-app/src/identity/demo-seed';
import { argValue, environmentInfo, writeResult } from './w1w3w5/results';
import { runConcurrently, summarize } from './w1w3w5/stats';
import { startApiProcess } from './w2w6/api-process';
import { startInProcessApi } from './w2w6/api-in-process';
import { startWorkerProcess, type WorkerProcess } from './w2w6/worker-process';
import { api, login } from './w2w6/open-loop';
import { pidCpuSeconds, processCpuSeconds, threadCores, threadCpuSeconds } from './w2w6/process-cpu';
import { openDatabase, upsertProcedure } from '@tthc/persistence';

const BASE_DB = process.env.W2_DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/tthc_bench';
const SCHEMA = 'w2';
const TASK_QUEUE = 'tthc-bench-w2';
const KEY = 'bench-w2-three-steps';
const PROCEDURE_CODE = '9.000002';
/**
 * A dossier procedure the TTHC lint accepts: every user task is a TTHC step, so each completion
 * runs the step guard — receive (code, due date, Mẫu 01 rendered and sealed with the agency key,
 * status 1 → 2), review (status 2 → 4), refuse (Mẫu 03 sealed, status 3, the dossier ends: the
 * lint wants a return or refuse step before every end). The working-time boundary timer → apology
 * is what the lint asks for an overdue path; it does not fire within the run.
 */
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="Defs_w2" targetNamespace="https://tthc.dev/bench">
  <bpmn:process id="${KEY}" name="W2 ba bước" isExecutable="true" tthc:procedureCode="${PROCEDURE_CODE}" tthc:statutoryDays="5" tthc:agency="STP">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Receive" />
    <bpmn:userTask id="Receive" name="Tiếp nhận" tthc:step="receive" tthc:candidateGroups="MOTCUA" tthc:due="PT8H" />
    <bpmn:sequenceFlow id="f2" sourceRef="Receive" targetRef="Review" />
    <bpmn:userTask id="Review" name="Thẩm định" tthc:step="review" tthc:candidateGroups="HCTP" />
    <bpmn:boundaryEvent id="Overdue" attachedToRef="Review" cancelActivity="false">
      <bpmn:timerEventDefinition tthc:calendar="working"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P4D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f5" sourceRef="Overdue" targetRef="Apology" />
    <bpmn:userTask id="Apology" name="Xin lỗi" tthc:step="apology" tthc:candidateGroups="HCTP" tthc:notice="Mau04" />
    <bpmn:sequenceFlow id="f6" sourceRef="Apology" targetRef="EndApology" />
    <bpmn:endEvent id="EndApology" />
    <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="Refuse" />
    <bpmn:userTask id="Refuse" name="Từ chối giải quyết" tthc:step="refuse" tthc:candidateGroups="MOTCUA" tthc:notice="Mau03" />
    <bpmn:sequenceFlow id="f4" sourceRef="Refuse" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

interface CompletionRecord {
  at: number;
  step: number;
  api: number;
  handoff?: number;
}

function timeline(records: CompletionRecord[], windowMs: number) {
  const windows = new Map<number, CompletionRecord[]>();
  for (const r of records) {
    const k = Math.floor(r.at / windowMs);
    const w = windows.get(k);
    if (w) w.push(r);
    else windows.set(k, [r]);
  }
  return [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([k, rs]) => {
      const handoffs = rs.flatMap((r) => (r.handoff === undefined ? [] : [r.handoff]));
      return {
        fromSeconds: (k * windowMs) / 1000,
        steps: [1, 2, 3].map((step) => rs.filter((r) => r.step === step).length),
        completeApiP95: summarize(rs.map((r) => r.api)).p95,
        handoffP95: handoffs.length ? summarize(handoffs).p95 : null,
      };
    });
}

interface Task {
  id: string;
  elementId: string;
  state: string;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

async function adminQuery(sql: string): Promise<void> {
  const c = new PgClient({ connectionString: BASE_DB });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main() {
  const smoke = process.argv.includes('--smoke');
  const instances = argValue('--instances', smoke ? 20 : 1000);
  const rate = argValue('--rate', 20);
  const pollMs = 10;
  const inProcess = process.argv.includes('--in-process');
  const workerInProcess = inProcess || process.argv.includes('--worker-in-process');

  await adminQuery(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
  const url = new URL(BASE_DB);
  url.searchParams.set('options', `-c search_path=${SCHEMA}`);
  const dir = mkdtempSync(join(tmpdir(), 'tthc-w2-'));
  // the dev server as `npm start` runs it (scripts/start.mjs): SQLite file with its pragmas, GOMAXPROCS half the cores
  const server = await startDevServer({ port: 3701, headless: true, dbFile: join(dir, 'temporal.db'), maxProcs: 'shared' });
  const config: ApiConfig = {
    port: 3700, host: '127.0.0.1', databaseUrl: url.toString(), dataDir: dir,
    temporal: { address: server.address, namespace: 'default', taskQueue: TASK_QUEUE },
    jwt: { secret: 'w2-bench-secret-not-for-production-000000', ttl: '1h' },
    maxBody: '1mb', seedDemo: true, logger: false,
  };
  // the API in a process of its own, as in production (`--in-process`: in the bench's process, the setup before session 6)
  const app = inProcess ? await startInProcessApi(config) : await startApiProcess(config);
  const base = app.url;
  // the worker's (and the bench's) own connection pool, as a separate worker process has
  const ds = await openDatabase({ databaseUrl: url.toString() });
  // the worker: in a process of its own (default), or in the bench's process (--worker-in-process)
  let worker: RunningWorker | undefined;
  let workerProcess: WorkerProcess | undefined;
  /** CPU of worker processes that have exited (the one stopped by the restart) since the drive began */
  let workerCpuDone = 0;
  let bundlePath: string | undefined;
  if (!workerInProcess) {
    // built once, as a deployment ships its bundle: the restarted process does not run webpack again
    bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleWorkflows()).code);
  }
  const bootWorkerProcess = () => startWorkerProcess({ address: server.address, taskQueue: TASK_QUEUE, databaseUrl: url.toString(), dataDir: dir, bundlePath: bundlePath! });
  const startWorker = async () => {
    const w = await createWorker({ address: server.address, taskQueue: TASK_QUEUE, ds, dossiers: { dataDir: dir }, warmUp: true });
    void w.run();
    return w;
  };
  const workerCpuSeconds = async () => (workerProcess ? cpuSeconds(await workerProcess.cpuUsage()) : 0) + workerCpuDone;
  try {
    // the catalogue is in place before a worker starts (it warms the seals of the agencies owning a procedure)
    await upsertProcedure(ds, {
      code: PROCEDURE_CODE, processKey: KEY, name: 'Thủ tục thử tải W2', agency: 'STP', field: 'Thử tải', level: 'province',
      statutoryDays: 5, cutoff: null, fees: [], components: [], resultDocuments: [], legalBasis: [],
    } as unknown as Parameters<typeof upsertProcedure>[1]);
    if (workerInProcess) worker = await startWorker();
    else {
      workerProcess = await bootWorkerProcess();
      await workerProcess.start();
    }
    const [analyst, officer, portal] = await Promise.all([login(base, 'analyst', DEMO_PASSWORD), login(base, 'officer', DEMO_PASSWORD), login(base, 'portal', DEMO_PASSWORD)]);
    const dep = await fetch(`${base}/api/v1/deployments`, { method: 'POST', headers: { authorization: `Bearer ${analyst}`, 'content-type': 'application/xml' }, body: BPMN });
    if (dep.status !== 201) throw new Error(`deploy → ${dep.status} ${await dep.text()}`);

    const openTaskOf = async (instanceId: string, notId?: string): Promise<Task | undefined> => {
      const page = await api<{ items: Task[] }>(base, officer, 'GET', `/api/v1/tasks?instanceId=${instanceId}`);
      return page.items.find((t) => t.state === 'OPEN' && t.id !== notId);
    };
    const waitForTask = async (instanceId: string, notId?: string, timeoutMs = 120_000): Promise<Task> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const t = await openTaskOf(instanceId, notId);
        if (t) return t;
        if (Date.now() > deadline) throw new Error(`no next task for ${instanceId} after ${timeoutMs} ms`);
        await sleep(pollMs);
      }
    };

    // N active dossiers, each waiting at its first task
    const ready: Array<{ instanceId: string; task: Task; step: number }> = [];
    const ids: string[] = [];
    const tStart = performance.now();
    await runConcurrently(instances, 8, async (i) => {
      // an online dossier arriving from the portal (channel 2): the dossier row, its workflow dossier/<id>
      const d = await api<{ id: string; instanceId: string }>(base, portal, 'POST', '/api/v1/dossiers', {
        procedureCode: PROCEDURE_CODE,
        applicant: { type: 1, name: `Nguyễn Văn Thử ${i}`, idNumber: String(100000000000 + i), address: 'Văn Lâm, Hưng Yên' },
      });
      ids.push(d.instanceId);
      ready.push({ instanceId: d.instanceId, task: await waitForTask(d.instanceId), step: 1 });
    });
    const startSeconds = (performance.now() - tStart) / 1000;
    console.log(`[w2] ${instances} instances active, each at its first task, in ${startSeconds.toFixed(1)} s`);

    // the driver: one completion every 1/rate s while a task is ready
    const totalCompletions = instances * 3;
    const latencies: number[] = [];
    const beforeRestart: number[] = [];
    const afterRestart: number[] = [];
    const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
    const apiLatencies: number[] = [];
    let issued = 0;
    let finished = 0;
    let failures = 0;
    let idleTicks = 0;
    let restart: { atCompletion: number; shutdownMs: number; startMs: number } | undefined;
    let restarting: Promise<void> | undefined;
    const inFlight = new Set<Promise<void>>();
    /** every completion: issued at (ms from the drive's start), its step, complete-API and hand-off ms */
    const records: CompletionRecord[] = [];
    const complete = async (item: { instanceId: string; task: Task; step: number }) => {
      const t0 = performance.now();
      await api(base, officer, 'POST', `/api/v1/tasks/${item.task.id}/complete`, { variables: { [`step${item.step}`]: true, ...(item.step === 3 ? { reason: 'Thử tải: hồ sơ không thuộc thẩm quyền' } : {}) } });
      apiLatencies.push(performance.now() - t0);
      const rec: CompletionRecord = { at: Math.round(t0 - tDrive), step: item.step, api: Math.round(performance.now() - t0) };
      records.push(rec);
      if (item.step < 3) {
        const next = await waitForTask(item.instanceId, item.task.id);
        const ms = performance.now() - t0;
        latencies.push(ms);
        rec.handoff = Math.round(ms);
        (restart ? afterRestart : beforeRestart).push(ms);
        ready.push({ instanceId: item.instanceId, task: next, step: item.step + 1 });
      }
      finished++;
    };
    const tDrive = performance.now();
    // where the drive's CPU goes: this process (API + worker + driver), PostgreSQL (all its sessions), the Temporal dev server
    const cpu0 = { bench: process.cpuUsage(), api: inProcess ? undefined : await app.cpuUsage(), worker: await workerCpuSeconds(), postgres: processCpuSeconds('postgres'), temporal: pidCpuSeconds(server.pid) };
    // which thread of the worker process is busy (a saturated one serialises): per process, from the drive's start / the restart
    const workerThreads: Array<{ phase: string; seconds: number; cores: Record<string, number> }> = [];
    let threads0 = { at: performance.now(), cpu: threadCpuSeconds(workerProcess?.pid) };
    const closeThreadPhase = (phase: string) => {
      if (!workerProcess) return;
      const seconds = (performance.now() - threads0.at) / 1000;
      workerThreads.push({ phase, seconds: Math.round(seconds * 10) / 10, cores: threadCores(threads0.cpu, threadCpuSeconds(workerProcess.pid), seconds) });
    };
    while (issued < totalCompletions) {
      const tick = tDrive + (issued + idleTicks) * (1000 / rate);
      const wait = tick - performance.now();
      if (wait > 0) await sleep(wait);
      if (!restart && !restarting && issued >= totalCompletions / 2) {
        // the worker restart mid-run: graceful shutdown, then a new worker on the same queue
        restarting = (async () => {
          if (workerProcess) {
            // a process restart: the new process boots (modules, pool) while the old one still
            // polls, then the old one shuts down gracefully and the new one creates its worker
            const next = await bootWorkerProcess();
            closeThreadPhase('first worker process, drive start → restart');
            const s0 = performance.now();
            workerCpuDone += cpuSeconds(await workerProcess.shutdown());
            workerProcess = undefined;
            const s1 = performance.now();
            await next.start();
            workerProcess = next;
            threads0 = { at: performance.now(), cpu: threadCpuSeconds(next.pid) };
            restart = { atCompletion: issued, shutdownMs: Math.round(s1 - s0), startMs: Math.round(performance.now() - s1) };
          } else {
            const s0 = performance.now();
            await worker!.shutdown();
            const s1 = performance.now();
            worker = await startWorker();
            restart = { atCompletion: issued, shutdownMs: Math.round(s1 - s0), startMs: Math.round(performance.now() - s1) };
          }
          console.log(`[w2] worker restarted at completion ${issued}`, restart);
        })();
      }
      const item = ready.shift();
      if (!item) {
        idleTicks++;
        if (inFlight.size === 0 && ready.length === 0) break;
        continue;
      }
      issued++;
      const p = complete(item).catch((err) => {
        failures++;
        console.error('[w2]', (err as Error).message);
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
    await restarting;
    if (process.env.W2_RECORDS) writeFileSync(process.env.W2_RECORDS, JSON.stringify(records));
    const driveSeconds = (performance.now() - tDrive) / 1000;
    const benchCpu = process.cpuUsage(cpu0.bench);
    const apiCpu = cpu0.api ? await app.cpuUsage() : undefined;
    const workerCpu = workerInProcess ? undefined : await workerCpuSeconds();
    closeThreadPhase(restart ? 'second worker process, restart → drive end' : 'worker process, drive');
    const cores = (s0: number | null, s1: number | null) => (s0 === null || s1 === null ? null : Math.round(((s1 - s0) / driveSeconds) * 100) / 100);
    const driveCpuCores = {
      benchProcess: Math.round(((benchCpu.user + benchCpu.system) / 1e6 / driveSeconds) * 100) / 100,
      apiProcess: apiCpu && cpu0.api ? Math.round(((apiCpu.user + apiCpu.system - cpu0.api.user - cpu0.api.system) / 1e6 / driveSeconds) * 100) / 100 : null,
      workerProcess: workerCpu === undefined ? null : cores(cpu0.worker, workerCpu),
      postgres: cores(cpu0.postgres, processCpuSeconds('postgres')),
      temporalDevServer: cores(cpu0.temporal, pidCpuSeconds(server.pid)),
    };

    // zero lost tasks: every instance reaches COMPLETED in the projection
    const deadline = Date.now() + 120_000;
    let states: Record<string, number> = {};
    for (;;) {
      const rows = (await ds.query(`SELECT state, count(*)::int AS n FROM process_instances WHERE process_key = $1 GROUP BY state`, [KEY])) as Array<{ state: string; n: number }>;
      states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
      if ((states.COMPLETED ?? 0) === instances || Date.now() > deadline) break;
      await sleep(500);
    }
    const openLeft = Number((await ds.query(`SELECT count(*)::int AS n FROM tasks WHERE process_key = $1 AND state <> 'COMPLETED'`, [KEY]))[0].n);
    const dossierStatuses = Object.fromEntries(
      ((await ds.query(`SELECT status, count(*)::int AS n FROM dossiers WHERE procedure_code = $1 GROUP BY status`, [PROCEDURE_CODE])) as Array<{ status: number; n: number }>).map((r) => [r.status, r.n]),
    );
    const lat = summarize(latencies);
    const lost = instances - (states.COMPLETED ?? 0);
    const file = writeResult('w2-task-handoff', smoke, {
      ...environmentInfo(process.env.TEMPORAL_CLI_PATH),
      loadAverageAtDriveStart: loadAtStart,
      parameters: {
        instances, userTasksPerInstance: 3, completionsPerSecond: rate, pollIntervalMs: pollMs,
        dossiers: 'POST /api/v1/dossiers (portal, channel 2); steps receive → review → refuse, each completion awaits the guardStep activity (receive: code, due date, Mẫu 01 rendered and sealed with the agency key; refuse: Mẫu 03 sealed, status 3)',
        setup: inProcess
          ? 'Temporal dev server as npm start runs it (SQLite WAL, synchronous=NORMAL, GOMAXPROCS half the cores) + real worker + real API (createApp, PostgreSQL) in one process (--in-process), loopback HTTP'
          : workerInProcess
            ? 'Temporal dev server as npm start runs it (SQLite WAL, synchronous=NORMAL, GOMAXPROCS half the cores); the real API (createApp, PostgreSQL) in a process of its own; the real worker and the driver in the bench process (--worker-in-process); loopback HTTP'
            : 'Temporal dev server as npm start runs it (SQLite WAL, synchronous=NORMAL, GOMAXPROCS half the cores); the real API (createApp, PostgreSQL) in a process of its own; the real worker (createWorker, its own pool, the workflow bundle built once by the bench) in a process of its own; the driver in the bench process; loopback HTTP',
        measured: 'from sending POST /tasks/:id/complete until GET /tasks?instanceId= lists the next OPEN task',
        workerRestart: workerInProcess
          ? 'graceful shutdown + new worker (same process, warmed up) after half of the completions were issued'
          : 'after half of the completions were issued: a new worker process boots as apps/worker/src/main.ts does (modules loaded, pool open, worker created from the prebuilt bundle and warmed up: seals, fonts, one notice) while the old one polls; the old process shuts down gracefully and exits; then the new one polls — no worker polls between the two',
        order: 'ready tasks are completed first in, first out: all first steps, then second, then third steps',
      },
      figures: {
        startSeconds: Math.round(startSeconds * 10) / 10,
        driveSeconds: Math.round(driveSeconds * 10) / 10,
        achievedCompletionsPerSecond: Math.round((finished / driveSeconds) * 10) / 10,
        /** cores each side used during the drive (the drive's wall time; the worker restart included) */
        driveCpuCores,
        /** cores per thread of the worker process (threads of one name summed): `main` runs every activity and local activity */
        workerThreadCores: workerThreads,
        completions: finished, failures, idleTicks,
        handoff: lat,
        handoffBeforeRestart: summarize(beforeRestart),
        handoffAfterRestart: summarize(afterRestart),
        completeApi: summarize(apiLatencies),
        /** per 5 s of the drive (by issue time): which steps were completed, p95 of complete-API and of the hand-off */
        timeline: timeline(records, 5000),
        restart,
        instanceStates: states,
        dossierStatuses,
        lostInstances: lost,
        tasksNotCompleted: openLeft,
      },
      budget: { p50Ms: 150, p95Ms: 500, met: lat.p50 <= 150 && lat.p95 <= 500 && lost === 0 && failures === 0 },
    });
    console.log(JSON.stringify({ handoff: lat, lost, failures, restart }), '→', file);
    if (lost || failures) process.exitCode = 1;
  } finally {
    await worker?.shutdown().catch(() => undefined);
    await workerProcess?.shutdown().catch(() => undefined);
    await app.close();
    await ds.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
