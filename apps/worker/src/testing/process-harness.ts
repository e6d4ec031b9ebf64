/**
 * Real parts for worker tests, history recording and benchmarks: a Temporal dev server (the product's launcher, port
 * 17233) or the time-skipping test server, a migrated database (PostgreSQL when
 * DATABASE_URL is set, else a temp SQLite file), and the product worker in-process.
 * BPMN is compiled and deployed the way the API does it.
 */
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { compileBpmn } from '@tthc/bpmn';
import { RUN_PROCESS_WORKFLOW, type RunProcessInput, type RunProcessResult } from '@tthc/contracts';
import {
  createVersionedCalendarCache, getElementHistory, getInstance, getTask, insertInstance, loadAuditKeys, openTestDatabase, saveDefinition, seedPublishedCalendarYears, setAuditKeys, TaskEntity, testDatabaseKinds,
  type TestDatabase, type VersionedCalendarCache,
} from '@tthc/persistence';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorker, type RunningWorker } from '../worker/create-worker';
import type { CreateWorkerOptions } from '../worker/create-worker';
import { acquirePortLock } from './port-lock';
import { temporalPaths } from './temporal-paths';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

export const DEV_SERVER_PORT = 17233;

export interface Deployed {
  key: string;
  definitionId: string;
  hash: string;
  version: number;
  graph: RunProcessInput['graph'];
}

export interface Started {
  instanceId: string;
  handle: WorkflowHandleWithFirstExecutionRunId;
  result(): Promise<RunProcessResult>;
}

export interface HarnessOptions {
  timeSkipping?: boolean;
  /** dev server port (default 17233) and state file (default in memory) */
  port?: number;
  dbFile?: string;
  /** GOMAXPROCS of the dev server (scripts/dev-server.mjs `maxProcs`; default Go's) */
  serverMaxProcs?: number | 'shared';
  /** 'sqlite' forces SQLite even when DATABASE_URL is set */
  database?: 'sqlite' | 'default';
  serviceTasks?: CreateWorkerOptions['serviceTasks'];
  computeDue?: CreateWorkerOptions['computeDue'];
  workflowsPath?: CreateWorkerOptions['workflowsPath'];
  extraActivities?: CreateWorkerOptions['extraActivities'];
  workerOptions?: CreateWorkerOptions['workerOptions'];
  /** the dossier activities' data dir / blob store / signing configuration */
  dossiers?: CreateWorkerOptions['dossiers'];
}

export class ProcessHarness {
  readonly taskQueue = `worker-test-${randomUUID()}`;
  private constructor(
    readonly client: Client,
    readonly db: TestDatabase,
    readonly worker: RunningWorker,
    private readonly stopServer: () => Promise<void>,
    private readonly closeClient: () => Promise<void>,
    readonly env?: TestWorkflowEnvironment,
  ) {}

  get ds() {
    return this.db.ds;
  }

  static async create(options: HarnessOptions = {}): Promise<ProcessHarness> {
    quietRuntime();
    const kinds = testDatabaseKinds();
    const db = await openTestDatabase(options.database === 'sqlite' ? 'sqlite' : kinds[kinds.length - 1]);
    // closeUserTask writes audit entries: keys of their own, not the repo's .data
    setAuditKeys(db.ds, loadAuditKeys({ dataDir: mkdtempSync(join(tmpdir(), 'tthc-worker-audit-keys-')) }));
    let address: string;
    let stopServer: () => Promise<void>;
    let env: TestWorkflowEnvironment | undefined;
    if (options.timeSkipping) {
      env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: temporalPaths().testServer } },
        client: { dataConverter: TTHC_DATA_CONVERTER },
      });
      address = env.address;
      stopServer = () => env!.teardown();
      // what scripts/dev-server.mjs registers for dossier runs: the step guard upserts the dossier code
      await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { TthcDossierCode: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } });
    } else {
      process.env.TEMPORAL_CLI_PATH ??= temporalPaths().temporal;
      // eslint-disable-next-line @nx/enforce-module-boundaries -- scripts/ is the repo's tooling, not a project
      const { startDevServer } = await import('../../../../scripts/dev-server.mjs');
      const port = options.port ?? DEV_SERVER_PORT;
      // test files run in parallel Jest workers; they take turns on the port
      const release = await acquirePortLock(port);
      try {
        const server = await startDevServer({ port, dbFile: options.dbFile, maxProcs: options.serverMaxProcs });
        address = server.address;
        stopServer = () => server.stop().finally(release);
      } catch (err) {
        release();
        throw err;
      }
    }
    const connection = env ? env.connection : await Connection.connect({ address });
    const client = env ? env.client : new Client({ connection, dataConverter: TTHC_DATA_CONVERTER });
    const harness = new ProcessHarness(client, db, null as unknown as RunningWorker, stopServer, async () => {
      if (!env) await connection.close();
    }, env);
    harness.startWorker = async () => {
      const worker = await createWorker({
        address,
        ds: db.ds,
        taskQueue: harness.taskQueue,
        serviceTasks: options.serviceTasks,
        computeDue: options.computeDue,
        workflowsPath: options.workflowsPath,
        extraActivities: options.extraActivities,
        dossiers: options.dossiers,
        workerOptions: { ...options.workerOptions, ...(env ? { connection: env.nativeConnection } : {}) },
      });
      (harness as { worker: RunningWorker }).worker = worker;
      void worker.run();
    };
    await harness.startWorker();
    return harness;
  }

  private startWorker!: () => Promise<void>;

  /** stops the worker and starts a fresh one (no cached workflows: they replay from history) */
  async restartWorker(): Promise<void> {
    await this.worker.shutdown();
    await this.startWorker();
  }

  async close(): Promise<void> {
    await this.worker.shutdown();
    await this.closeClient();
    await this.stopServer();
    await this.db.close();
  }

  /** compiles and stores every process of the file; returns them by key */
  async deploy(xml: string): Promise<Record<string, Deployed>> {
    const compiled = await compileBpmn(xml);
    const out: Record<string, Deployed> = {};
    for (const p of compiled.processes) {
      const stored = await saveDefinition(this.ds, { key: p.key, name: p.name, xml, graph: p.graph });
      out[p.key] = { key: p.key, definitionId: stored.id, hash: stored.hash, version: stored.version, graph: p.graph };
    }
    return out;
  }

  /** what the API does: projection row, then the workflow */
  async start(def: Deployed, variables: Record<string, unknown> = {}, extra: Partial<RunProcessInput> = {}): Promise<Started> {
    const instanceId = randomUUID();
    const workflowId = `pi/${instanceId}`;
    await insertInstance(this.ds, {
      id: instanceId,
      processKey: def.key,
      version: def.version,
      definitionId: def.definitionId,
      variables,
      workflowId,
      businessKey: extra.businessKey,
    });
    const input: RunProcessInput = {
      definitionId: def.definitionId,
      definitionHash: def.hash,
      processKey: def.key,
      version: def.version,
      instanceId,
      variables,
      graph: def.graph,
      // `extra` may set the calendar, or `calendar: undefined` to start without one (the computeDue activity)
      ...('calendar' in extra ? {} : await this.pinFor({ graph: def.graph, ...extra })),
      ...extra,
    };
    const handle = await this.client.workflow.start(RUN_PROCESS_WORKFLOW, { taskQueue: this.taskQueue, workflowId, args: [input] });
    return { instanceId, handle, result: () => handle.result() as Promise<RunProcessResult> };
  }

  /** as the API starts a run: the working calendar pinned in its input when it counts working time (CalendarService.pinFor) */
  async pinFor(input: Pick<RunProcessInput, 'graph' | 'agency' | 'dossierId'>): Promise<Pick<RunProcessInput, 'calendar'>> {
    this.calendars ??= seedPublishedCalendarYears(this.ds).then(() => createVersionedCalendarCache(this.ds, { checkEveryMs: 0 }));
    return (await this.calendars).pinFor(input);
  }
  private calendars?: Promise<VersionedCalendarCache>;

  /** waits (polling the inbox table) until the instance has an open task for the element */
  async openTask(instanceId: string, elementId: string, timeoutMs = 30_000) {
    return this.waitFor(`open task ${elementId}`, () => this.ds.getRepository(TaskEntity).findOneBy({ instanceId, elementId, state: 'OPEN' }), timeoutMs);
  }

  /**
   * waits until the element's record is in the instance's history: the inbox write and the progress flush are
   * separate activities, so a task can be open before the flush that records its element has landed
   */
  async elementRecord(instanceId: string, elementId: string, timeoutMs = 30_000) {
    return this.waitFor(`history record of ${elementId}`, async () => (await getElementHistory(this.ds, instanceId)).find((e) => e.elementId === elementId), timeoutMs);
  }

  task(id: string) {
    return getTask(this.ds, id);
  }

  instance(id: string) {
    return getInstance(this.ds, id);
  }

  async waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

let runtimeInstalled = false;
/** SDK logs at ERROR (expected activity failures and state changes drown test output; TTHC_WORKER_LOG_LEVEL=WARN shows them); once per process */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger(process.env.TTHC_WORKER_LOG_LEVEL === 'WARN' ? 'WARN' : 'ERROR') });
  } catch {
    // already installed by the caller: keep theirs
  }
}
