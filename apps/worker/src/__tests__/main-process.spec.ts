/**
 * The worker process as `npm start` runs it: reads its environment, polls the task
 * queue (it runs an instance), and stops cleanly on SIGTERM.
 */
import { Client, Connection } from '@temporalio/client';
import { compileBpmn } from '@tthc/bpmn';
import { RUN_PROCESS_WORKFLOW, type RunProcessResult } from '@tthc/contracts';
import { openDatabase, saveDefinition } from '@tthc/persistence';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { straightThroughXml } from '../testing/bpmn-samples';
import { DEV_SERVER_PORT } from '../testing/process-harness';
import { acquirePortLock } from '../testing/port-lock';
import { temporalPaths } from '../testing/temporal-paths';
import { TTHC_DATA_CONVERTER } from '@tthc/contracts/src/payload-codec';

jest.setTimeout(180_000);

const root = join(__dirname, '..', '..', '..', '..');

// long timeout: it may wait for another test file's turn on the dev server port
it('runs instances from its task queue and exits 0 on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-worker-main-'));
  const release = await acquirePortLock(DEV_SERVER_PORT);
  process.env.TEMPORAL_CLI_PATH ??= temporalPaths().temporal;
  // eslint-disable-next-line @nx/enforce-module-boundaries -- scripts/ is the repo's tooling, not a project
  const { startDevServer } = await import('../../../../scripts/dev-server.mjs');
  const server = await startDevServer({ port: DEV_SERVER_PORT });
  const sqlitePath = join(dir, 'tthc.sqlite');
  const taskQueue = `main-test-${randomUUID()}`;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    cwd: root,
    env: { ...process.env, SWCRC: 'true', TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: taskQueue, TTHC_SQLITE_PATH: sqlitePath, TTHC_DATA_DIR: dir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const connection = await Connection.connect({ address: server.address });
  try {
    // the process migrated the database and polls the queue
    const until = Date.now() + 120_000;
    while (!output.includes(`polling ${taskQueue}`)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`worker did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ds = await openDatabase({ sqlitePath });
    const [p] = (await compileBpmn(straightThroughXml(2, 'viaMain'))).processes;
    const stored = await saveDefinition(ds, { key: p.key, xml: '', graph: p.graph });
    await ds.destroy();
    const client = new Client({ connection, dataConverter: TTHC_DATA_CONVERTER });
    const instanceId = randomUUID();
    const result = (await client.workflow.execute(RUN_PROCESS_WORKFLOW, {
      taskQueue,
      workflowId: `pi/${instanceId}`,
      args: [{ definitionId: stored.id, definitionHash: stored.hash, processKey: p.key, version: stored.version, instanceId, variables: {}, graph: p.graph }],
    })) as RunProcessResult;
    expect(result.state).toBe('COMPLETED');
    // warmed up before polling: no procedure in this database, so no seal; the dev PKI is in its data dir
    expect(output).toMatch(/warmed up in \d+ ms: seals none/);
    expect(existsSync(join(dir, 'pki'))).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/SIGTERM: shutting down/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await connection.close();
    await server.stop();
    release();
    rmSync(dir, { recursive: true, force: true });
  }
}, 900_000);
