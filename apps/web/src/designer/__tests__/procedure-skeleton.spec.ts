import { compileBpmn, lintBpmn } from '@tthc/bpmn';
import type { ProcedureView } from '@tthc/contracts';
import { procedureSkeletonXml } from '../procedure-skeleton';

const catalogEntry: ProcedureView = {
  code: '1.001193',
  processKey: 'dang-ky-khai-sinh',
  name: 'Đăng ký khai sinh',
  agency: 'UBND-XA',
  field: 'Hộ tịch',
  level: 'commune',
  onlineLevel: 'partial',
  status: 'published',
  statutoryDays: 3,
  cutoff: null,
  fees: [],
  components: [],
  resultDocuments: [],
  legalBasis: [],
};

describe('the "new procedure" skeleton of a catalog entry', () => {
  it('passes the TTHC lint with no error and compiles, carrying the catalog attributes', async () => {
    const xml = procedureSkeletonXml(catalogEntry, 'dang-ky-khai-sinh-moi');
    const errors = (await lintBpmn(xml)).filter((i) => i.severity === 'error');
    expect(errors).toEqual([]);
    const compiled = await compileBpmn(xml);
    expect(compiled.processes).toHaveLength(1);
    expect(compiled.processes[0]).toMatchObject({ key: 'dang-ky-khai-sinh-moi', name: 'Đăng ký khai sinh' });
    expect(compiled.processes[0].graph.tthc).toMatchObject({ procedureCode: '1.001193', agency: 'UBND-XA', statutoryDays: 3 });
    // the apology timer fires one working day before the due date: (3 − 1) working days after receipt
    expect(xml).toMatch(/<bpmn:timerEventDefinition tthc:calendar="working"><bpmn:timeDuration[^>]*>P2D</);
  });
});
