/**
 * The worker's warm-up (warm-up.ts): before it polls, the seal of every agency owning a procedure is open
 * (dev PKI: issued into `<pki>/seals`), one receipt has been rendered and sealed, and nothing was written to
 * the database. A seal that cannot open is reported and does not stop the others; trust anchors that do not load
 * stop the warm-up with a report, never with a throw (the worker polls anyway). Real database (PostgreSQL when
 * DATABASE_URL is set, else SQLite), real dev PKI.
 */
import { DocumentEntity, DossierEntity, upsertAgency, upsertProcedure } from '@tthc/persistence';
import { PROCEDURE } from '@tthc/persistence/src/testing/dossier-fixture';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dossierStepDeps, guardStepActivity, warmDossierSteps } from '..';
import { openStepWorld, stepInput, type StepWorld } from './step-world';

jest.setTimeout(120_000);

let world: StepWorld;
const savedSealKeys = process.env.TTHC_SEAL_KEYS;

beforeAll(async () => {
  world = await openStepWorld('warm-up');
  // STP owns the world's procedure; SXD one more; UBX one whose configured seal cannot open; ZZZ has no agency row
  await upsertAgency(world.db.ds, { code: 'SXD', name: 'Sở Xây dựng' });
  await upsertAgency(world.db.ds, { code: 'UBX', name: 'UBND xã Thử' });
  for (const [code, agency] of [['1.000001', 'SXD'], ['1.000002', 'SXD'], ['1.000003', 'UBX'], ['1.000004', 'ZZZ']]) {
    await upsertProcedure(world.db.ds, { ...PROCEDURE, code, processKey: `warm-${code}`, agency });
  }
  const sealKeys = join(world.dir, 'seal-keys.json');
  writeFileSync(sealKeys, JSON.stringify({ UBX: { p12: join(world.dir, 'ubx.p12'), passwordEnv: 'TTHC_WARM_UP_SPEC_UNSET' } }));
  process.env.TTHC_SEAL_KEYS = sealKeys;
});

afterAll(async () => {
  if (savedSealKeys === undefined) delete process.env.TTHC_SEAL_KEYS;
  else process.env.TTHC_SEAL_KEYS = savedSealKeys;
  await world?.close();
});

const count = async () => ({ documents: await world.db.ds.getRepository(DocumentEntity).count(), dossiers: await world.db.ds.getRepository(DossierEntity).count() });

describe('the dossier steps warmed up before the worker polls', () => {
  it('opens the seal of every agency owning a procedure and renders one receipt, writing nothing to the database', async () => {
    const before = await count();
    const report = await warmDossierSteps(world.deps);

    expect(report).toEqual({ ms: expect.any(Number), seals: ['STP', 'SXD', 'ZZZ'], failed: [{ agency: 'UBX', message: expect.stringContaining('TTHC_WARM_UP_SPEC_UNSET') }], notice: true });
    for (const code of ['STP', 'SXD', 'ZZZ']) expect(existsSync(join(world.dir, 'pki', 'seals', `${code}.p12`))).toBe(true);
    expect(await count()).toEqual(before);
  });

  it('the first receive afterwards seals with the warmed key (not issued again)', async () => {
    const file = join(world.dir, 'pki', 'seals', 'STP.p12');
    const issued = statSync(file).mtimeMs;
    const now = new Date();
    const id = await world.file(new Date(now.getTime() - 60_000));
    const r = await guardStepActivity(world.deps)(stepInput(id, 'receive', now));
    expect(r.formDocumentId).toBeDefined();
    expect(statSync(file).mtimeMs).toBe(issued);
  });

  it('trust anchors that do not load end the warm-up with the reason; it does not throw', async () => {
    const deps = dossierStepDeps(world.db.ds, { dataDir: world.dir, blobs: world.blobs, signing: () => Promise.reject(new Error('TTHC_TRUST_ANCHORS: /nowhere.pem does not exist')) });
    await expect(warmDossierSteps(deps)).resolves.toEqual({ ms: expect.any(Number), seals: [], failed: [], notice: false, error: 'TTHC_TRUST_ANCHORS: /nowhere.pem does not exist' });
  });
});
