/**
 * The procedures shipped in processes/ (issue 12 item 8): every TTHC process has a catalog
 * entry that the start-up seed accepts (same code, agency, statutory days and cut-off as the
 * BPMN), every form a user task names exists and can drive the process (its choices are the
 * values the gateways test), and every call activity calls a shipped process.
 * The lint of every file is libs/bpmn/src/lint/__tests__/shipped-processes.spec.ts.
 */
import { compileBpmn, lintBpmn } from '@tthc/bpmn';
import type { ExecutableGraph, GraphNode } from '@tthc/contracts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcedureFile } from '../procedure-file.schema';

const DIR = join(__dirname, '../../../../../processes');
const bpmnFiles = readdirSync(DIR).filter((f) => f.endsWith('.bpmn')).sort();
/** `processes/forms/<id>.form.json`: deployed at start with every BPMN, each process keeps the forms its tasks name */
const formFiles = readdirSync(join(DIR, 'forms'))
  .filter((f) => f.endsWith('.form.json'))
  .map((f) => `forms/${f}`)
  .sort();
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

interface FormComponent {
  type: string;
  key?: string;
  values?: Array<{ label: string; value: string }>;
  validate?: { required?: boolean };
  components?: FormComponent[];
}
const formOf = (id: string) => JSON.parse(read(`forms/${id}.form.json`)) as { id: string; type: string; schemaVersion: number; components: FormComponent[] };
const fields = (cs: FormComponent[]): FormComponent[] => cs.flatMap((c) => [c, ...fields(c.components ?? [])]).filter((c) => c.key);

function nodesOf(graph: ExecutableGraph): GraphNode[] {
  const out: GraphNode[] = [];
  const walk = (scope: { nodes: Record<string, GraphNode> | GraphNode[] }) => {
    for (const n of Object.values(scope.nodes)) {
      out.push(n);
      const inner = (n as unknown as { scope?: { nodes: Record<string, GraphNode> } }).scope;
      if (inner) walk(inner);
    }
  };
  walk(graph.root as unknown as { nodes: Record<string, GraphNode> });
  return out;
}

async function graphOf(file: string): Promise<ExecutableGraph> {
  const { processes } = await compileBpmn(read(file));
  return processes[0].graph;
}

const procedures: string[] = [];
beforeAll(async () => {
  for (const f of bpmnFiles) if ((await graphOf(f)).tthc?.procedureCode) procedures.push(f.replace(/\.bpmn$/, ''));
});

it('ships at least five TTHC procedures, among them the five of issue 12', () => {
  expect(procedures).toEqual(expect.arrayContaining(['chung-thuc-ban-sao', 'cap-phep-xay-dung', 'dang-ky-khai-sinh', 'dang-ky-ho-kinh-doanh', 'cap-phieu-ly-lich-tu-phap']));
  expect(procedures.length).toBeGreaterThanOrEqual(5);
});

describe.each(bpmnFiles)('%s', (file) => {
  it('has a catalog entry that agrees with the BPMN (what the seed checks) when it is a TTHC procedure', async () => {
    const graph = await graphOf(file);
    const key = file.replace(/\.bpmn$/, '');
    const catalogFile = join(DIR, `${key}.procedure.json`);
    if (!graph.tthc?.procedureCode) {
      // a plain process (demo, or called by a procedure) has no catalog entry
      expect(existsSync(catalogFile)).toBe(false);
      return;
    }
    const entry = parseProcedureFile(JSON.parse(read(`${key}.procedure.json`)));
    expect({ code: entry.code, processKey: entry.processKey, agency: entry.agency, statutoryDays: entry.statutoryDays, cutoff: entry.cutoff }).toEqual({
      code: graph.tthc.procedureCode,
      processKey: key,
      agency: graph.tthc.agency,
      statutoryDays: graph.tthc.statutoryDays,
      cutoff: graph.tthc.cutoff ?? null,
    });
    expect(entry.components.some((c) => c.required)).toBe(true);
  });

  it('names only forms that exist, with fields that have unique keys', async () => {
    for (const n of nodesOf(await graphOf(file)).filter((x) => x.formKey)) {
      const form = formOf(n.formKey!);
      expect(form.id).toBe(n.formKey);
      expect(form.type).toBe('default');
      const keys = fields(form.components).map((c) => c.key);
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('offers, in the form of the task before each gateway, every value its conditions test', async () => {
    const xml = read(file);
    const graph = await graphOf(file);
    const nodes = nodesOf(graph);
    const tested = [...xml.matchAll(/=(\w+) = &quot;([^&]+)&quot;|=(\w+) = "([^"]+)"/g)].map((m) => [m[1] ?? m[3], m[2] ?? m[4]] as const);
    for (const [variable, value] of tested) {
      const offering = nodes.filter((n) => n.formKey && fields(formOf(n.formKey).components).some((c) => c.key === variable));
      expect(offering.length).toBeGreaterThan(0);
      for (const n of offering) {
        const f = fields(formOf(n.formKey!).components).find((c) => c.key === variable)!;
        expect(f.values?.map((v) => v.value)).toContain(value);
      }
    }
  });

  it('calls only processes that are shipped too (deployed at first start)', async () => {
    for (const n of nodesOf(await graphOf(file)).filter((x) => x.calledElement)) {
      expect(bpmnFiles).toContain(`${n.calledElement!.processKey}.bpmn`);
      expect(await lintBpmn(read(`${n.calledElement!.processKey}.bpmn`))).toEqual([]);
    }
  });
});

it('lists in each supplement / receipt checklist exactly the components of its procedure', () => {
  for (const key of procedures) {
    const names = parseProcedureFile(JSON.parse(read(`${key}.procedure.json`))).components.map((c) => c.name);
    for (const id of [`${key}-tiep-nhan`, `${key}-bo-sung`]) {
      const checklist = fields(formOf(id).components).find((c) => c.key === 'missingItems')!;
      expect(checklist.values!.map((v) => v.value)).toEqual(names);
    }
  }
});

it('has no form file that no task uses', async () => {
  const used = new Set<string>();
  for (const f of bpmnFiles) for (const n of nodesOf(await graphOf(f))) if (n.formKey) used.add(`forms/${n.formKey}.form.json`);
  expect(formFiles.filter((f) => !used.has(f))).toEqual([]);
});

it('cấp phép xây dựng is inter-agency: its processing calls the ward (UBPHN) for an opinion', async () => {
  const capPhep = nodesOf(await graphOf('cap-phep-xay-dung.bpmn'));
  const call = capPhep.find((n) => n.calledElement);
  expect(call?.calledElement?.processKey).toBe('lay-y-kien-quy-hoach');
  const child = await graphOf('lay-y-kien-quy-hoach.bpmn');
  expect(child.tthc?.agency).toBe('UBPHN');
  expect((await graphOf('cap-phep-xay-dung.bpmn')).tthc?.agency).toBe('SXD');
});
