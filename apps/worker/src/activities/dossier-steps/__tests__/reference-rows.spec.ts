import { AgencyEntity, ProcedureEntity, UnitEntity } from '@tthc/persistence';
import type { EntityManager } from 'typeorm';
import { referenceRows } from '../reference-rows';

/** a transaction's manager over an in-memory table per entity that counts its reads */
function fakeManager(tables: Map<unknown, Array<Record<string, unknown>>>) {
  const reads: string[] = [];
  const m = {
    getRepository: (entity: { name: string }) => ({
      findOneBy: async (where: Record<string, unknown>) => {
        reads.push(entity.name);
        return (tables.get(entity) ?? []).find((row) => Object.entries(where).every(([k, v]) => row[k] === v)) ?? null;
      },
    }),
  } as unknown as EntityManager;
  return { m, reads };
}

describe('referenceRows (the rows one step guard reads)', () => {
  const tables = new Map<unknown, Array<Record<string, unknown>>>([
    [AgencyEntity, [{ code: 'STP', name: 'Sở Tư pháp' }]],
    [UnitEntity, [{ agency: 'STP', code: 'MC', name: 'Bộ phận Một cửa' }, { agency: 'STP', code: 'HCTP', name: 'Phòng Hành chính tư pháp' }]],
    [ProcedureEntity, [{ code: '9.000002', statutoryDays: 5 }]],
  ]);

  it('reads each row once per transaction and answers the same row to every caller', async () => {
    const { m, reads } = fakeManager(tables);
    const refs = referenceRows(m);
    const [a1, a2] = await Promise.all([refs.agency('STP'), refs.agency('STP')]);
    expect(a1).toEqual({ code: 'STP', name: 'Sở Tư pháp' });
    expect(a2).toBe(a1);
    expect((await refs.unit('STP', 'MC'))?.name).toBe('Bộ phận Một cửa');
    expect((await refs.unit('STP', 'HCTP'))?.name).toBe('Phòng Hành chính tư pháp');
    expect((await refs.unit('STP', 'MC'))?.name).toBe('Bộ phận Một cửa');
    expect((await refs.procedure('9.000002'))?.statutoryDays).toBe(5);
    expect(await refs.procedure('unknown')).toBeNull();
    expect(await refs.procedure('unknown')).toBeNull();
    expect(reads.sort()).toEqual(['AgencyEntity', 'ProcedureEntity', 'ProcedureEntity', 'UnitEntity', 'UnitEntity']);
  });

  it('a new guard (another transaction) reads the rows again: an administrator’s change shows', async () => {
    const first = fakeManager(tables);
    expect((await referenceRows(first.m).agency('STP'))?.name).toBe('Sở Tư pháp');
    const renamed = new Map(tables);
    renamed.set(AgencyEntity, [{ code: 'STP', name: 'Sở Tư pháp tỉnh Hưng Yên' }]);
    const second = fakeManager(renamed);
    expect((await referenceRows(second.m).agency('STP'))?.name).toBe('Sở Tư pháp tỉnh Hưng Yên');
    expect(second.reads).toEqual(['AgencyEntity']);
  });

  it('does not read again the agency and unit the guard’s opening read joined (found or not), only the others', async () => {
    const { m, reads } = fakeManager(tables);
    const refs = referenceRows(m, { agency: { code: 'STP', row: { code: 'STP', name: 'Sở Tư pháp' } as AgencyEntity }, unit: { agency: 'STP', code: 'XX', row: null } });
    expect((await refs.agency('STP'))?.name).toBe('Sở Tư pháp');
    expect(await refs.unit('STP', 'XX')).toBeNull();
    expect((await refs.unit('STP', 'HCTP'))?.name).toBe('Phòng Hành chính tư pháp');
    expect(reads).toEqual(['UnitEntity']);
  });
});
