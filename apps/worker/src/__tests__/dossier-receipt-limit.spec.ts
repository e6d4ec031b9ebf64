/**
 * The 8-working-hour receipt limit of an online dossier, armed by the run itself (the
 * `tthc-dossier-step-guard` patch), on Temporal's time-skipping test server: a dossier nobody
 * receives is flagged late when the limit passes (event + flag, never silently). (A dossier
 * received in time cancels the timer — covered at activity level: the receive guard and
 * flagLateReceipt leave a received dossier alone.)
 */
import { DossierEventEntity } from '@tthc/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessHarness, type Deployed } from '../testing/process-harness';
import { CHUNG_THUC_BPMN, devPki, dossierRow, fileDossier, seedWorld } from '../testing/dossier-world';

jest.setTimeout(180_000);

let h: ProcessHarness;
let dir: string;
let def: Deployed;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tthc-receipt-limit-'));
  h = await ProcessHarness.create({ timeSkipping: true, dossiers: { dataDir: dir } });
  await seedWorld(h, await devPki(dir));
  def = (await h.deploy(CHUNG_THUC_BPMN))['chung-thuc-ban-sao'];
}, 300_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('flags an online dossier still not received 8 working hours after its submission', async () => {
  const d = await fileDossier(h, def);
  await h.openTask(d.instanceId, 'Task_TiepNhan');
  expect((await dossierRow(h, d.dossierId)).lateReceipt).toBe(false);
  // 8 working hours are at most a long weekend plus a holiday block away: skip ten days of workflow time
  await h.env!.sleep('10 days');
  const flagged = await h.waitFor('late receipt flagged', async () => ((await dossierRow(h, d.dossierId)).lateReceipt ? dossierRow(h, d.dossierId) : null));
  expect(flagged.status).toBe(1);
  const events = await h.ds.getRepository(DossierEventEntity).findBy({ dossierId: d.dossierId, kind: 'receipt.late' });
  expect(events).toHaveLength(1);
  expect(events[0].actor).toBe('system');
  // the limit is the submission + 8 working hours of the database calendar, after the submission
  expect(new Date(events[0].payload.limit as string).getTime()).toBeGreaterThan(flagged.submittedAt.getTime());
});
