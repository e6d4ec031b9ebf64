/**
 * W6 (performance.md): the inbox at 1,000,000 open tasks through the HTTP API, WITH DOSSIERS:
 * every instance is a dossier (≈333,000, code/applicant/procedure/due), joined into each inbox row.
 * The real API runs in a process of its own (bench/w2w6/api-process.ts: createApp on PostgreSQL
 * database tthc_bench, port 3700, Temporal address 3701 — not needed for reads); this process
 * seeds, generates the load and runs the raw-SQL baseline on its own DataSource. Tasks are bulk-inserted with one
 * generate_series INSERT per table. Then, with 20 writes/s alongside (half new tasks
 * through the worker's store function createUserTask, half claims through the API), an
 * open-loop load of 200 req/s runs `GET /api/v1/tasks?assigned=group&limit=50` for four
 * officers, each virtual session following `nextCursor` for a few pages: half the sessions the
 * plain group inbox (its own index-branch query), a quarter filtered by dossier status
 * (`status=4`) and a quarter by a due range (`dueFrom`/`dueTo`) — the filters (and saved filters,
 * which send the same parameters) go through the general query. Baseline: the
 * SQL the API issued for the same pages (captured from TypeORM's logger), sent the way the API
 * sends it (a named prepared statement, queryPrepared) through this process's DataSource at the
 * same rate with the same writes alongside. EXPLAIN ANALYZE of the
 * captured SQL goes into the result (keyset pagination: index scans, no OFFSET).
 *
 *   npm run bench -- w6 [--smoke] [--tasks N] [--seconds S] [--rate R]
 */
import 'reflect-metadata';
import { createDataSource, createUserTask, ensureUser, queryPrepared, upsertAgency, upsertProcedure, upsertUnit } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import type { ApiConfig } from '@tthc/api-app/src/config/api-config';
import { hashPassword } from '@tthc/api-app/src/identity/password-hasher';
import { DEMO_PASSWORD } from '@tthc/api-app/src/identity/demo-seed';
import { argValue, environmentInfo, writeResult } from './w1w3w5/results';
import { summarize } from './w1w3w5/stats';
import { api, login, openLoop, steadyLoop } from './w2w6/open-loop';
import { startApiProcess, type CapturedStatement } from './w2w6/api-process';
import { startInProcessApi } from './w2w6/api-in-process';
import { postgresCpuSeconds } from './w2w6/process-cpu';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DB = process.env.W6_DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/tthc_bench';
const AGENCIES = ['STP', 'SXD', 'A03', 'A04'];
const GROUPS = ['MOTCUA', 'HCTP', 'QLXD', 'TNMT', 'KHDT'];
const OFFICERS = [
  { username: 'officer', agency: 'STP', units: ['MOTCUA', 'HCTP'] },
  { username: 'officer2', agency: 'SXD', units: ['MOTCUA', 'QLXD'] },
  { username: 'officer3', agency: 'A03', units: ['TNMT', 'KHDT'] },
  { username: 'officer4', agency: 'A04', units: ['MOTCUA', 'TNMT'] },
];
const PAGES_PER_SESSION = 4;
const SESSIONS = 16;
/**
 * What the sessions ask for: the plain group inbox (the index-branch query) and two filters of
 * the general query. Session s uses SESSION_KINDS[floor(s / 4) % 4]: half group, a quarter each filter.
 * Every seeded dossier has status 4; tasks are due 2 days after creation (from 2026-01-03).
 */
const KINDS = {
  group: '',
  status: '&status=4',
  due: `&dueFrom=${encodeURIComponent('2026-01-03T00:00:00Z')}&dueTo=${encodeURIComponent('2026-03-01T00:00:00Z')}`,
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];
const SESSION_KINDS: Kind[] = ['group', 'status', 'group', 'due'];

interface Page {
  items: Array<{ id: string }>;
  nextCursor?: string;
}

/** Fresh schema, migrations (by createApp), then N open tasks, one candidate group each. */
async function resetSchema(ds: DataSource): Promise<void> {
  await ds.query('DROP SCHEMA IF EXISTS public CASCADE');
  await ds.query('CREATE SCHEMA public');
}

async function seed(ds: DataSource, n: number): Promise<number> {
  for (const a of AGENCIES) {
    await upsertAgency(ds, { code: a, name: `Agency ${a}` });
    for (const g of GROUPS) await upsertUnit(ds, { agency: a, code: g, name: g });
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const o of OFFICERS) {
    await ensureUser(ds, { username: o.username, fullName: o.username, roles: ['officer'], agency: o.agency, units: o.units, passwordHash });
  }
  const t0 = performance.now();
  const agency = `(ARRAY['${AGENCIES.join("','")}'])[i % ${AGENCIES.length} + 1]`;
  const group = `(ARRAY['${GROUPS.join("','")}'])[i % ${GROUPS.length} + 1]`;
  const created = `timestamptz '2026-01-01T00:00:00Z' + i * interval '1 second'`;
  await ds.query(`INSERT INTO tasks (id, instance_id, process_key, version, element_id, element_instance_id, name,
      candidate_groups, agency_code, state, created_at, variables)
    SELECT 'w6-' || i, 'w6-inst-' || (i / 3), 'bench.w6', 1, 'Task_' || (i % 3), 'w6-' || i, 'Thẩm định hồ sơ ' || i,
      '["' || ${group} || '"]', ${agency}, 'OPEN', ${created}, '{}'
    FROM generate_series(1, ${n}) AS s(i)`);
  await ds.query(`INSERT INTO task_candidates (task_id, group_name, agency_code, created_at, is_open)
    SELECT 'w6-' || i, ${group}, ${agency}, ${created}, 1 FROM generate_series(1, ${n}) AS s(i)`);
  // WITH DOSSIERS: every instance (3 tasks each) is a dossier of a procedure, received, with a
  // code, applicant and due date — what the inbox rows join and show (issue 10/11)
  const procedures = AGENCIES.map((a, i) => ({ code: `W6.${i}`, agency: a }));
  for (const p of procedures) {
    await upsertProcedure(ds, {
      code: p.code, processKey: `bench.w6.${p.code}`, name: `Thủ tục thử tải ${p.code}`, agency: p.agency, field: 'Thử tải', level: 'province',
      statutoryDays: 5, cutoff: null, fees: [], components: [], resultDocuments: [], legalBasis: [],
    } as unknown as Parameters<typeof upsertProcedure>[1]);
  }
  const dossiers = Math.floor(n / 3) + 1;
  await ds.query(`INSERT INTO dossiers (id, code, procedure_code, process_key, definition_id, definition_version, instance_id, agency_code,
      receiving_unit, channel, applicant_type, applicant_name, applicant_id_number, applicant_address, summary, status,
      submitted_at, received_at, due_at, original_due_at, created_at, created_by, version, event_count, event_head)
    SELECT 'w6d-' || k, 'W6.MOTCUA-260101-' || lpad(k::text, 7, '0'), 'W6.' || ((3 * k) % ${AGENCIES.length}), 'bench.w6', 'w6-def', 1, 'w6-inst-' || k,
      (ARRAY['${AGENCIES.join("','")}'])[(3 * k) % ${AGENCIES.length} + 1], 'MOTCUA', 2, 1, 'Nguyễn Văn Thử ' || k, lpad(k::text, 12, '0'),
      'Hưng Yên', 'Hồ sơ thử tải ' || k, 4,
      timestamptz '2026-01-01T00:00:00Z' + k * interval '3 second', timestamptz '2026-01-01T00:00:00Z' + k * interval '3 second',
      timestamptz '2026-01-08T00:00:00Z' + k * interval '3 second', timestamptz '2026-01-08T00:00:00Z' + k * interval '3 second',
      timestamptz '2026-01-01T00:00:00Z' + k * interval '3 second', 'portal', 1, 0, '${'0'.repeat(64)}'
    FROM generate_series(0, ${dossiers - 1}) AS s(k)`);
  await ds.query(`UPDATE tasks SET due_at = created_at + interval '2 day'`);
  await ds.query('VACUUM ANALYZE tasks');
  await ds.query('VACUUM ANALYZE task_candidates');
  await ds.query('VACUUM ANALYZE dossiers');
  return (performance.now() - t0) / 1000;
}

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; Plans?: PlanNode[] };
function planNodes(n: PlanNode): PlanNode[] {
  return [n, ...(n.Plans ?? []).flatMap(planNodes)];
}

async function main() {
  const smoke = process.argv.includes('--smoke');
  const nTasks = argValue('--tasks', smoke ? 10_000 : 1_000_000);
  const seconds = argValue('--seconds', smoke ? 5 : 30);
  const rate = argValue('--rate', 200);
  const writeRate = argValue('--write-rate', 20);
  const total = Math.round(seconds * rate);
  const limit = 50;
  /** which writes run alongside: both (default), insert (createUserTask) or claim (the API) */
  const writeKindIndex = process.argv.indexOf('--writes');
  const writeKind = writeKindIndex >= 0 ? process.argv[writeKindIndex + 1] : 'both';

  const config: ApiConfig = {
    port: argValue('--port', 3700),
    host: '127.0.0.1',
    databaseUrl: DB,
    dataDir: mkdtempSync(join(tmpdir(), 'tthc-w6-')),
    temporal: { address: '127.0.0.1:3701', namespace: 'default', taskQueue: 'tthc-bench-w6' },
    jwt: { secret: 'w6-bench-secret-not-for-production-000000', ttl: '1h' },
    maxBody: '1mb',
    seedDemo: false,
    logger: false,
  };
  // --keep-data: reuse the tasks/dossiers a previous run seeded (seeding 1M rows takes minutes on a busy machine)
  const keepData = process.argv.includes('--keep-data');
  /** --closed-loop N: instead of the open loop, N requests one at a time, API and raw SQL interleaved (service time, no queueing) */
  const closedLoop = argValue('--closed-loop', 0);
  // this process's own DataSource (seeding, raw-SQL baseline, the store writes); the API process migrates
  const ds = createDataSource({ databaseUrl: DB });
  await ds.initialize();
  if (!keepData) await resetSchema(ds);
  /** --in-process: the API in this process (as in earlier sessions) instead of its own */
  const inProcess = process.argv.includes('--in-process');
  const apiProcess = inProcess ? await startInProcessApi(config) : await startApiProcess(config);
  const { url } = apiProcess;
  try {
    const seeded = keepData ? Number((await ds.query(`SELECT count(*) AS n FROM tasks WHERE state = 'OPEN'`))[0].n) : 0;
    if (keepData && seeded < nTasks) throw new Error(`--keep-data: only ${seeded} open tasks; run once without it`);
    const seedSeconds = keepData ? 0 : await seed(ds, nTasks);
    console.log(`[w6] seeded ${nTasks} open tasks in ${seedSeconds.toFixed(1)} s`);
    const tokens = await Promise.all(OFFICERS.map((o) => login(url, o.username, DEMO_PASSWORD)));
    const listPath = (kind: Kind, cursor?: string) => `/api/v1/tasks?assigned=group&limit=${limit}${KINDS[kind]}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

    // per kind and officer: the SQL of a first page and of a follow-up page exactly as the API sends it,
    // and the cursor the follow-up was captured with
    const statements = {} as Record<Kind, Array<{ first: CapturedStatement; follow: CapturedStatement; cursor: string }>>;
    for (const kind of KIND_NAMES) {
      statements[kind] = [];
      for (const token of tokens) {
        let first: Page | undefined;
        const firstSql = await apiProcess.capture(async () => (first = await api<Page>(url, token, 'GET', listPath(kind))));
        if (first?.items.length !== limit || !first.nextCursor) throw new Error(`officer page (${kind}) has ${first?.items.length} items`);
        const followSql = await apiProcess.capture(() => api<Page>(url, token, 'GET', listPath(kind, first!.nextCursor)));
        statements[kind].push({ first: firstSql, follow: followSql, cursor: first.nextCursor });
      }
    }
    const explainOf = async (st: CapturedStatement) => {
      const explain = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${st.sql}`, st.params)) as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }> }>;
      const plan = explain[0]['QUERY PLAN'][0];
      const nodes = planNodes(plan.Plan);
      return {
        executionMs: plan['Execution Time'],
        planningMs: plan['Planning Time'],
        seqScans: nodes.filter((x) => x['Node Type'] === 'Seq Scan').map((x) => x['Relation Name']),
        indexesUsed: [...new Set(nodes.filter((x) => x['Index Name']).map((x) => `${x['Node Type']} using ${x['Index Name']}`))],
        plan: plan.Plan,
      };
    };
    const explained = Object.fromEntries(await Promise.all(KIND_NAMES.map(async (k) => [k, await explainOf(statements[k][0].follow)] as const))) as Record<Kind, Awaited<ReturnType<typeof explainOf>>>;
    const allStatements = KIND_NAMES.flatMap((k) => statements[k].flatMap((x) => [x.first, x.follow]));
    const keyset = {
      offsetInSql: allStatements.some((st) => /\bOFFSET\b/i.test(st.sql)),
      seqScans: KIND_NAMES.flatMap((k) => explained[k].seqScans),
      indexesUsed: [...new Set(KIND_NAMES.flatMap((k) => explained[k].indexesUsed))],
    };

    // writes alongside: even ticks insert a new task (the worker's store path), odd ticks claim one through the API
    const startWrites = () =>
      steadyLoop(writeRate, async (i) => {
        const insert = writeKind === 'insert' || (writeKind === 'both' && i % 2 === 0);
        if (insert) {
          await createUserTask(ds, {
            taskId: `w6-new-${Date.now()}-${i}`, instanceId: `w6-new-inst-${i}`, processKey: 'bench.w6', version: 1,
            elementId: 'Task_new', elementInstanceId: `w6-new-${i}`, name: 'Mới', candidateGroups: [GROUPS[i % GROUPS.length]],
            agency: AGENCIES[i % AGENCIES.length], createdAt: new Date().toISOString(), variables: {},
          });
        } else {
          const o = (i >> 1) % OFFICERS.length;
          // a task of officer o's agency (k % 4 = o) in their first group (k % 5 = group index)
          const g = GROUPS.indexOf(OFFICERS[o].units[0]);
          let k = Math.floor(Math.random() * (nTasks / 20)) * 20;
          while (k % 4 !== o || k % 5 !== g) k++;
          await api(url, tokens[o], 'POST', `/api/v1/tasks/w6-${k}/claim`);
        }
      });

    type Pos = { cursor?: string; page: number };
    /** latencies per kind (of the requests that answered), filled by the run in progress */
    let byKind: Record<Kind, number[]>;
    // virtual sessions: session s is officer s % 4 asking for SESSION_KINDS[floor(s / 4) % 4]; each request follows the session's last cursor
    const runLoad = async (call: (officer: number, kind: Kind, pos: Pos) => Promise<string | undefined>) => {
      byKind = Object.fromEntries(KIND_NAMES.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
      const state = Array.from({ length: SESSIONS }, () => ({ cursor: undefined as string | undefined, page: 0, busy: false }));
      return openLoop(total, rate, async (i) => {
        const s = state[i % SESSIONS];
        const kind = SESSION_KINDS[Math.floor((i % SESSIONS) / OFFICERS.length) % SESSION_KINDS.length];
        const follow = !s.busy && s.cursor && s.page < PAGES_PER_SESSION;
        const pos = { cursor: follow ? s.cursor : undefined, page: follow ? s.page : 0 };
        s.busy = true;
        const t0 = performance.now();
        try {
          const next = await call(i % OFFICERS.length, kind, pos);
          byKind[kind].push(performance.now() - t0);
          s.cursor = next;
          s.page = pos.page + 1;
        } finally {
          s.busy = false;
        }
      });
    };

    /** one page through the captured SQL (the baseline), cursor bound where the API bound it */
    const rawPage = async (o: number, kind: Kind, p: { cursor?: string }): Promise<string | undefined> => {
      const captured = statements[kind][o];
      const s = p.cursor ? captured.follow : captured.first;
      const params = [...s.params];
      if (p.cursor) {
        // the follow-up statement bound the captured cursor's (at, id): bind this page's instead
        const [at, id] = JSON.parse(Buffer.from(p.cursor, 'base64url').toString()) as [string, string];
        const [capAt, capId] = JSON.parse(Buffer.from(captured.cursor, 'base64url').toString()) as [string, string];
        s.params.forEach((v, idx) => {
          if (v instanceof Date && v.toISOString() === capAt) params[idx] = new Date(at);
          else if (v === capAt) params[idx] = at;
          else if (v === capId) params[idx] = id;
        });
      }
      // sent as the API sends it: a named prepared statement (queryPrepared)
      const rows = await queryPrepared(ds, s.sql, params);
      if (rows.length === 0) throw new Error('empty page');
      const last = rows[Math.min(rows.length, limit) - 1];
      return rows.length > limit ? Buffer.from(JSON.stringify([new Date(last.t_created_at as string).toISOString(), last.t_id])).toString('base64url') : undefined;
    };
    const viaApi = async (o: number, kind: Kind, p: { cursor?: string }) => {
      const page = await api<Page>(url, tokens[o], 'GET', listPath(kind, p.cursor));
      if (page.items.length === 0) throw new Error('empty page');
      return page.nextCursor;
    };

    // warm-up (JIT, connection pool, buffer cache), not measured
    await runLoad(viaApi).catch(() => undefined);

    if (closedLoop) {
      await serviceTimes(closedLoop, viaApi, rawPage, startWrites, apiProcess.cpuUsage, { nTasks, writeRate, smoke, explained, keyset, inProcess });
      return;
    }
    let writes = startWrites();
    let pagesFollowed = 0;
    let cpu0 = process.cpuUsage();
    const apiCpu0 = await apiProcess.cpuUsage();
    let pg0 = postgresCpuSeconds();
    const apiRun = await runLoad(async (o, kind, p) => {
      if (p.cursor) pagesFollowed++;
      return viaApi(o, kind, p);
    });
    const apiCpu = process.cpuUsage(cpu0);
    const apiProcessCpu = diffCpu(await apiProcess.cpuUsage(), apiCpu0);
    const apiPg = pgShare(pg0, apiRun.wallMs, total);
    const apiByKind = byKind!;
    const apiWrites = await writes.stop();

    // baseline: the captured SQL, same schedule, same writes; the cursor of a follow-up page is
    // the last row of the previous one, bound where the API bound it
    writes = startWrites();
    cpu0 = process.cpuUsage();
    pg0 = postgresCpuSeconds();
    const sqlRun = await runLoad(rawPage);
    const sqlCpu = process.cpuUsage(cpu0);
    const sqlPg = pgShare(pg0, sqlRun.wallMs, total);
    const sqlByKind = byKind!;
    const sqlWrites = await writes.stop();
    // CPU per request of a process: near 1 s per second of run means that process saturated a core
    const cpuPerRequest = (c: NodeJS.CpuUsage) => Math.round(((c.user + c.system) / 1000 / total) * 100) / 100;
    const cpuShare = (c: NodeJS.CpuUsage, wallMs: number) => Math.round(((c.user + c.system) / 1000 / wallMs) * 100) / 100;

    const apiLat = summarize(apiRun.latencies);
    const sqlLat = summarize(sqlRun.latencies);
    const openTasks = Number((await ds.query(`SELECT count(*) AS n FROM tasks WHERE state = 'OPEN'`))[0].n);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const kinds = Object.fromEntries(
      KIND_NAMES.map((k) => {
        const a = summarize(apiByKind[k]);
        const r = summarize(sqlByKind[k]);
        return [k, { query: `assigned=group${KINDS[k]}`, api: a, rawSql: r, ratioP95: ratio(a.p95, r.p95), explainMs: explained[k].executionMs, planningMs: explained[k].planningMs, indexesUsed: explained[k].indexesUsed }];
      }),
    );
    const file = writeResult(inProcess ? 'w6-inbox-1m-in-process' : 'w6-inbox-1m', smoke, {
      ...environmentInfo(),
      parameters: {
        openTasksSeeded: nTasks, openTasksAtEnd: openTasks, requests: total, ratePerSecond: rate, seconds, limit,
        officers: OFFICERS.map((o) => `${o.username} (${o.agency}: ${o.units.join(', ')})`), sessions: SESSIONS, pagesPerSession: PAGES_PER_SESSION,
        requestMix: 'half the sessions the group inbox (assigned=group), a quarter status=4, a quarter a due range (dueFrom/dueTo): the last two through the general query',
        writesPerSecond: writeRate, writes: writeKind === 'both' ? 'half createUserTask (store), half POST /tasks/:id/claim' : writeKind,
        database: inProcess
          ? 'PostgreSQL; the API in the bench process (--in-process), loopback fetch; the raw SQL on a second DataSource of the same process'
          : 'PostgreSQL; the API in its own process (createApp), loopback fetch from the bench process, which also runs the raw SQL on its own DataSource',
        dossiers: 'one per instance (3 tasks each): ' + (Math.floor(nTasks / 3) + 1) + ' dossiers of 4 procedures, joined by the inbox query (dossier code, applicant, procedure, due)',
        distribution: `${AGENCIES.length} agencies × ${GROUPS.length} groups, one candidate group per task; each officer sees ${Math.round((nTasks * 2) / 20)}`,
        latency: 'measured from each request\'s scheduled instant (open loop)',
      },
      figures: {
        seedSeconds: Math.round(seedSeconds * 10) / 10,
        api: {
          ...apiLat, errors: apiRun.errors, errorKinds: apiRun.errorKinds, followedCursorPages: pagesFollowed, achievedPerSecond: Math.round((total / apiRun.wallMs) * 1000), maxFireLagMs: apiRun.maxFireLagMs,
          apiProcessCpuMsPerRequest: cpuPerRequest(apiProcessCpu), apiProcessCpuCores: cpuShare(apiProcessCpu, apiRun.wallMs),
          benchProcessCpuMsPerRequest: cpuPerRequest(apiCpu), benchProcessCpuCores: cpuShare(apiCpu, apiRun.wallMs), ...apiPg, writes: apiWrites,
        },
        rawSql: { ...sqlLat, errors: sqlRun.errors, errorKinds: sqlRun.errorKinds, achievedPerSecond: Math.round((total / sqlRun.wallMs) * 1000), maxFireLagMs: sqlRun.maxFireLagMs, benchProcessCpuMsPerRequest: cpuPerRequest(sqlCpu), benchProcessCpuCores: cpuShare(sqlCpu, sqlRun.wallMs), ...sqlPg, writes: sqlWrites },
        ratio: { p50: ratio(apiLat.p50, sqlLat.p50), p95: ratio(apiLat.p95, sqlLat.p95), p99: ratio(apiLat.p99, sqlLat.p99) },
        byKind: kinds,
        keyset,
        explain: { executionMs: explained.group.executionMs, sql: statements.group[0].follow.sql, plan: explained.group.plan },
      },
      budget: {
        p95Ms: 25,
        p99Ms: 60,
        apiP95VsRawSql: 2,
        met: apiLat.p95 <= 25 && apiLat.p99 <= 60 && apiLat.p95 <= 2 * sqlLat.p95 && apiRun.errors === 0 && !keyset.offsetInSql && keyset.seqScans.length === 0,
      },
    });
    console.log(JSON.stringify({ api: apiLat, rawSql: sqlLat, ratio: { p95: ratio(apiLat.p95, sqlLat.p95) }, apiCpuMsPerRequest: cpuPerRequest(apiProcessCpu), keyset }), '→', file);
  } finally {
    await apiProcess.close();
    await ds.destroy();
  }
}

/** the PostgreSQL server's CPU over a run since `pg0`: cores used and ms per statement of the run */
function pgShare(pg0: number | null, wallMs: number, statements: number): { postgresCpuCores?: number; postgresCpuMsPerRequest?: number } {
  const pg1 = postgresCpuSeconds();
  if (pg0 === null || pg1 === null) return {};
  const ms = (pg1 - pg0) * 1000;
  return { postgresCpuCores: Math.round((ms / wallMs) * 100) / 100, postgresCpuMsPerRequest: Math.round((ms / statements) * 100) / 100 };
}

function diffCpu(a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): NodeJS.CpuUsage {
  return { user: a.user - b.user, system: a.system - b.system };
}

/**
 * Service time, measured in the same run and interleaved: request i goes through the API and the
 * same page through the captured SQL, one after the other (order alternating), one at a time, with
 * the writes alongside. Without queueing, the ratio API / raw SQL is the cost the HTTP path adds
 * (auth, Nest, hydration, JSON), whatever load the shared machine is under at that moment.
 */
async function serviceTimes(
  n: number,
  viaApi: (o: number, kind: Kind, p: { cursor?: string }) => Promise<string | undefined>,
  rawPage: (o: number, kind: Kind, p: { cursor?: string }) => Promise<string | undefined>,
  startWrites: () => ReturnType<typeof steadyLoop>,
  apiCpuUsage: () => Promise<NodeJS.CpuUsage>,
  info: { nTasks: number; writeRate: number; smoke: boolean; explained: Record<Kind, { executionMs: number; planningMs: number }>; keyset: unknown; inProcess: boolean },
): Promise<void> {
  const apiMs: number[] = [];
  const sqlMs: number[] = [];
  const byKind = Object.fromEntries(KIND_NAMES.map((k) => [k, { api: [] as number[], sql: [] as number[] }])) as Record<Kind, { api: number[]; sql: number[] }>;
  // one cursor chain per (officer, kind)
  const cursors = new Map<string, { api?: string; sql?: string; page: number }>();
  const writes = startWrites();
  const cpu0 = process.cpuUsage();
  const apiCpu0 = await apiCpuUsage();
  const pg0 = postgresCpuSeconds();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const o = i % OFFICERS.length;
    const kind = SESSION_KINDS[Math.floor(i / OFFICERS.length) % SESSION_KINDS.length];
    const c = cursors.get(`${o}/${kind}`) ?? { page: 0 };
    cursors.set(`${o}/${kind}`, c);
    if (c.page >= PAGES_PER_SESSION) Object.assign(c, { api: undefined, sql: undefined, page: 0 });
    const timedApi = async () => {
      const s0 = performance.now();
      c.api = await viaApi(o, kind, { cursor: c.api });
      apiMs.push(performance.now() - s0);
      byKind[kind].api.push(performance.now() - s0);
    };
    const timedSql = async () => {
      const s0 = performance.now();
      c.sql = await rawPage(o, kind, { cursor: c.sql });
      sqlMs.push(performance.now() - s0);
      byKind[kind].sql.push(performance.now() - s0);
    };
    if (i % 2 === 0) {
      await timedApi();
      await timedSql();
    } else {
      await timedSql();
      await timedApi();
    }
    c.page++;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const apiCpu = diffCpu(await apiCpuUsage(), apiCpu0);
  const w = await writes.stop();
  const a = summarize(apiMs);
  const r = summarize(sqlMs);
  const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
  const file = writeResult(info.inProcess ? 'w6-inbox-1m-service-in-process' : 'w6-inbox-1m-service', info.smoke, {
    ...environmentInfo(),
    parameters: {
      openTasks: info.nTasks, requests: n, limit: 50, pagesPerSession: PAGES_PER_SESSION, writesPerSecond: info.writeRate,
      mode: 'closed loop, one request at a time; each page through the API and through the captured SQL, interleaved (order alternating)',
      requestMix: 'group inbox, status=4, group inbox, due range — in turn (the last two through the general query)',
      dossiers: 'one per instance (≈ tasks / 3), joined by the inbox query',
      database: info.inProcess ? 'PostgreSQL; the API in the bench process (--in-process), loopback fetch' : 'PostgreSQL; the API in its own process (createApp), loopback fetch from the bench process, which also runs the raw SQL',
    },
    figures: {
      api: a, rawSql: r,
      ratio: { p50: ratio(a.p50, r.p50), p95: ratio(a.p95, r.p95), p99: ratio(a.p99, r.p99) },
      byKind: Object.fromEntries(KIND_NAMES.map((k) => {
        const ka = summarize(byKind[k].api);
        const kr = summarize(byKind[k].sql);
        return [k, { api: ka, rawSql: kr, ratioP50: ratio(ka.p50, kr.p50), ratioP95: ratio(ka.p95, kr.p95), explainMs: info.explained[k].executionMs, planningMs: info.explained[k].planningMs }];
      })),
      benchProcessCpuCores: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100) / 100,
      // CPU of the API process per inbox request, the claims alongside included (10/s over a long closed loop)
      apiProcessCpuMsPerRequest: Math.round(((apiCpu.user + apiCpu.system) / 1000 / n) * 100) / 100,
      // both the API's and the baseline's statements (n each), the writes alongside included
      ...pgShare(pg0, wallMs, 2 * n),
      writes: w,
      keyset: info.keyset,
    },
    budget: { apiP95VsRawSql: 2, p95Ms: 25, met: a.p95 <= 25 && a.p95 <= 2 * r.p95 },
  });
  console.log(JSON.stringify({ api: a, rawSql: r }), '→', file);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
