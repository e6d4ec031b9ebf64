/**
 * A notice is issued in the step guard's ONE transaction: the dossier's new status and code, its
 * progress record and national-sync outbox row, the sealed notice's document row and its
 * `document.generated` event commit together or not at all. The failures are real database
 * refusals (a trigger on PostgreSQL when DATABASE_URL is set, else SQLite), not mocks; the retry
 * the engine makes afterwards issues exactly one of each.
 */
import {
  DocumentEntity,
  DossierEntity,
  DossierEventEntity,
  DossierProgressEntity,
  DossierStepGuardEntity,
  DossierSyncOutboxEntity,
  withInsertRefused,
} from '@tthc/persistence';
import { guardStepActivity } from '..';
import { openStepWorld, stepInput as step, type StepWorld } from './step-world';

jest.setTimeout(120_000);

let world: StepWorld;
let guardStep: ReturnType<typeof guardStepActivity>;

beforeAll(async () => {
  world = await openStepWorld('notice-one-tx');
  guardStep = guardStepActivity(world.deps);
});

afterAll(() => world?.close());

/** what the dossier has in the database: status, code, notices, events by kind, progress records, outbox rows, guard records */
async function written(dossierId: string) {
  const ds = world.db.ds;
  const d = await ds.getRepository(DossierEntity).findOneByOrFail({ id: dossierId });
  const events = await ds.getRepository(DossierEventEntity).find({ where: { dossierId }, order: { seq: 'ASC' } });
  return {
    status: d.status,
    code: d.code,
    notices: (await ds.getRepository(DocumentEntity).findBy({ dossierId, kind: 'notice' })).map((n) => n.form),
    events: events.map((e) => e.kind),
    progress: await ds.getRepository(DossierProgressEntity).countBy({ dossierId }),
    outbox: await ds.getRepository(DossierSyncOutboxEntity).countBy({ dossierId }),
    guards: await ds.getRepository(DossierStepGuardEntity).countBy({ dossierId }),
  };
}

describe.each([
  ['the notice document row', 'documents', "NEW.kind = 'notice'"],
  ['the document.generated event', 'dossier_events', "NEW.kind = 'document.generated'"],
])('receipt (Mẫu 01) when the database refuses %s', (_what, table, when) => {
  it('leaves the dossier as it was (status 1, no code, no notice, no event, no progress record, no outbox row); the retry issues exactly one of each', async () => {
    const now = new Date();
    const id = await world.file(new Date(now.getTime() - 60_000));
    const before = await written(id);
    const input = step(id, 'receive', now);

    await withInsertRefused(world.db, table, when, () => expect(guardStep(input)).rejects.toThrow(/refused by test/));
    expect(await written(id)).toEqual(before);
    expect(before).toMatchObject({ status: 1, code: null, notices: [], guards: 0 });

    // the engine retries the activity with the same input
    const r = await guardStep(input);
    const after = await written(id);
    expect(after).toMatchObject({ status: 2, code: r.dossierCode, notices: ['receipt'], progress: before.progress + 1, outbox: before.outbox + 1, guards: 1 });
    expect(after.events.slice(before.events.length).filter((k) => k === 'document.generated')).toHaveLength(1);
    expect(after.events.slice(before.events.length)).toEqual(expect.arrayContaining(['dossier.received', 'document.generated', 'step.completed']));
    // the stored notice is the one the document row names (bytes match its SHA-256)
    await world.stored(r.formDocumentId!);
  });
});
