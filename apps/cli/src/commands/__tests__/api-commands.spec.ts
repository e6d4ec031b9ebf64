/**
 * deploy / start / history: the real `tthc` binary against the real API, with a real Temporal
 * dev server (a free port), the real worker and a real database — what a user of the CLI meets.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The CLI's tests drive the API's own test stack (the real API and worker in-process); test code only.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { freePort, startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from '../../../../api/src/__tests__/support/temporal-stack';
import { repoRoot, tthc } from './run-cli.util';

jest.setTimeout(180_000);

const DEMO = 'processes/demo-approval.bpmn';
const CHUNG_THUC = 'processes/chung-thuc-ban-sao.bpmn';
const NON_COMPLIANT = 'libs/bpmn/src/lint/__tests__/fixtures/sign-before-return/invalid-no-sign.bpmn';
const tmp = mkdtempSync(join(tmpdir(), 'tthc-cli-api-'));

const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-cli-temporal-' });

let stack: ApiWithWorker;
const as = (user: string) => ({ TTHC_URL: stack.h.url, TTHC_USER: user, TTHC_PASSWORD: 'Demo@123' });
const json = (text: string) => JSON.parse(text);

beforeAll(async () => {
  stack = await startApiWithWorker('sqlite', server.address, 'cli-test');
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

/** The officer's open task of an instance, as the inbox shows it. */
async function openTask(instanceId: string): Promise<{ id: string; elementId: string }> {
  const officer = await stack.h.login('officer');
  return until(`the task of ${instanceId} in the inbox`, async () => {
    const res = await stack.h.call('GET', `/api/v1/tasks?instanceId=${instanceId}`, { token: officer });
    return res.body.items?.find((t: { state: string }) => t.state === 'OPEN');
  });
}

/** demo-approval deployed (idempotent: an unchanged file keeps its version), for tests run on their own. */
async function ensureDemoDeployed(): Promise<void> {
  const res = await stack.h.call('POST', '/api/v1/deployments', { token: await stack.h.login('analyst'), body: readFileSync(join(repoRoot, DEMO), 'utf8'), type: 'application/xml' });
  expect([200, 201]).toContain(res.status);
}

async function completeTask(instanceId: string, variables: Record<string, unknown>): Promise<void> {
  const task = await openTask(instanceId);
  const officer = await stack.h.login('officer');
  const res = await stack.h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables } });
  expect(res.status).toBe(200);
}

describe('tthc deploy', () => {
  it('deploys a file: the API stores version 1, and the CLI prints what the API answered', async () => {
    const r = await tthc(['deploy', DEMO, '--json'], as('analyst'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.processes).toEqual([expect.objectContaining({ key: 'demo-approval', version: 1, created: true, file: DEMO })]);
    expect(Array.isArray(out.warnings)).toBe(true);
    // the API really holds it: an officer can start it
    const started = await tthc(['start', 'demo-approval', '--json'], as('officer'));
    expect(started.code).toBe(0);
    const instance = await stack.h.call('GET', `/api/v1/process-instances/${json(started.stdout).id}`, { token: await stack.h.login('officer') });
    expect(instance.body).toMatchObject({ processKey: 'demo-approval', version: 1 });
  });

  it('re-deploying an unchanged file keeps the existing version (created: false); a changed file is a new version', async () => {
    const changed = join(tmp, 'demo-approval-v2.bpmn');
    writeFileSync(changed, readFileSync(join(repoRoot, DEMO), 'utf8').replace('name="Xem xét hồ sơ"', 'name="Xem xét và đề xuất"'));
    const r = await tthc(['deploy', DEMO, CHUNG_THUC, DEMO], as('analyst'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^unchanged demo-approval version 1 \(.+\) from processes\/demo-approval\.bpmn$/);
    expect(lines[1]).toMatch(/^deployed chung-thuc-ban-sao version 1 \(.+\) from processes\/chung-thuc-ban-sao\.bpmn$/);
    expect(lines[2]).toBe(lines[0]);
    const v2 = await tthc(['deploy', changed, '--json'], as('analyst'));
    expect(json(v2.stdout).processes).toEqual([expect.objectContaining({ key: 'demo-approval', version: 2, created: true })]);
    const again = await tthc(['deploy', changed, '--json'], as('analyst'));
    expect(json(again.stdout).processes).toEqual([expect.objectContaining({ key: 'demo-approval', version: 2, created: false })]);
  });

  it('a refused deployment is one line with the code, reason and element ids, exit 1; --json prints the API error body', async () => {
    const r = await tthc(['deploy', NON_COMPLIANT], as('analyst'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tthc: BPMN_INVALID: .*invalid-no-sign\.bpmn: /);
    expect(lines[0]).toContain('Return');
    expect(lines[0]).toContain('tthc/sign-before-return');
    const j = await tthc(['deploy', NON_COMPLIANT, '--json'], as('analyst'));
    expect(j.code).toBe(1);
    const body = json(j.stdout);
    expect(body.error.code).toBe('BPMN_INVALID');
    expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'Return', rule: 'tthc/sign-before-return' })]));
  });

  it('an officer may not deploy: the API refuses with FORBIDDEN, in one line', async () => {
    const r = await tthc(['deploy', DEMO], as('officer'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tthc: FORBIDDEN: .+\n$/);
  });

  it('wrong credentials, missing credentials and an unreachable API fail in one line', async () => {
    const bad = await tthc(['deploy', DEMO], { ...as('analyst'), TTHC_PASSWORD: 'nope' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^tthc: UNAUTHENTICATED: .+\n$/);
    const none = await tthc(['deploy', DEMO], { TTHC_URL: stack.h.url, TTHC_USER: '', TTHC_PASSWORD: '' });
    expect(none.stderr).toBe('tthc: UNAUTHENTICATED: set TTHC_USER and TTHC_PASSWORD to log in to the API\n');
    const closedPort = await freePort();
    const down = await tthc(['deploy', DEMO], { ...as('analyst'), TTHC_URL: `http://127.0.0.1:${closedPort}` });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`tthc: API_UNREACHABLE: cannot reach http://127.0.0.1:${closedPort}: ECONNREFUSED\n`);
  });

  it('a missing file fails before anything is sent', async () => {
    // an unreachable API proves nothing was sent: the error is about the file, not the connection
    const r = await tthc(['deploy', 'processes/does-not-exist.bpmn'], { ...as('analyst'), TTHC_URL: `http://127.0.0.1:${await freePort()}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('tthc: FILE_UNREADABLE: cannot read processes/does-not-exist.bpmn: ENOENT\n');
  });

  it('sends the forms the BPMN names (forms/ next to the file, or --forms DIR): the version pins them and its tasks render them', async () => {
    const analyst = await stack.h.login('analyst');
    const formsOf = async (key: string, version: number) => (await stack.h.call('GET', `/api/v1/process-definitions/${key}/versions/${version}/forms`, { token: analyst })).body.forms as Array<{ formKey: string; schema: { components: Array<{ label?: string }> } }>;
    // the shipped procedure: its six forms from processes/forms/
    const shipped = json((await tthc(['deploy', CHUNG_THUC, '--json'], as('analyst'))).stdout).processes[0];
    expect((await formsOf('chung-thuc-ban-sao', shipped.version)).map((f) => f.formKey)).toEqual([
      'chung-thuc-ban-sao-bo-sung',
      'chung-thuc-ban-sao-doi-chieu',
      'chung-thuc-ban-sao-ghi-so',
      'chung-thuc-ban-sao-tiep-nhan',
      'chung-thuc-ban-sao-tu-choi',
      'chung-thuc-ban-sao-xin-loi',
    ]);

    // a file elsewhere, its forms in another folder
    const dir = mkdtempSync(join(tmpdir(), 'tthc-cli-forms-'));
    const bpmn = join(dir, 'tham-dinh.bpmn');
    writeFileSync(bpmn, readFileSync(join(repoRoot, 'apps/api/src/tasks/__tests__/fixtures/form-task.bpmn'), 'utf8').replace(/form-task/g, 'cli-form-task'));
    const formsDir = join(dir, 'bieu-mau');
    mkdirSync(formsDir);
    const form = { id: 'phieu-tham-dinh', type: 'default', components: [{ type: 'textfield', id: 'f1', key: 'nguoiThamDinh', label: 'Người thẩm định (CLI)', validate: { required: true } }] };
    writeFileSync(join(formsDir, 'phieu-tham-dinh.form.json'), JSON.stringify(form));
    // without the folder the API warns that the task has no form
    const bare = await tthc(['deploy', bpmn], as('analyst'));
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/warning: .*form-missing: .*phieu-tham-dinh/);
    const withForms = await tthc(['deploy', bpmn, '--forms', formsDir, '--json'], as('analyst'));
    expect(withForms.stderr).toBe('');
    const deployed = json(withForms.stdout);
    expect(deployed.processes).toEqual([expect.objectContaining({ key: 'cli-form-task', version: 2, created: true })]);
    expect(deployed.warnings).toEqual([]);
    expect((await formsOf('cli-form-task', 2)).map((f) => [f.formKey, f.schema.components[0].label])).toEqual([['phieu-tham-dinh', 'Người thẩm định (CLI)']]);
    // a task of the new version renders that form
    const started = await stack.h.call('POST', '/api/v1/process-instances', { token: analyst, json: { processKey: 'cli-form-task', version: 2 } });
    const task = await openTask(started.body.id);
    const served = await stack.h.call('GET', `/api/v1/tasks/${task.id}/form`, { token: await stack.h.login('officer') });
    expect(served.body).toMatchObject({ formKey: 'phieu-tham-dinh', schema: { components: [expect.objectContaining({ label: 'Người thẩm định (CLI)' })] } });

    const missingDir = await tthc(['deploy', bpmn, '--forms', join(dir, 'khong-co')], as('analyst'));
    expect(missingDir.code).toBe(1);
    expect(missingDir.stderr).toMatch(/^tthc: FILE_UNREADABLE: cannot read the forms folder .*khong-co: not a directory\n$/);
  });
});

describe('tthc start', () => {
  beforeAll(ensureDemoDeployed);

  it('starts the requested version with variables and business key; the API holds exactly that', async () => {
    const r = await tthc(['start', 'demo-approval', '--vars', '{"applicant":"Nguyễn Văn A","approved":true}', '--business-key', 'STP-261123-0001', '--version', '1'], as('officer'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const id = /^started demo-approval: (\S+)\n$/.exec(r.stdout)?.[1];
    expect(id).toBeDefined();
    const instance = await stack.h.call('GET', `/api/v1/process-instances/${id}`, { token: await stack.h.login('officer') });
    expect(instance.body).toMatchObject({
      processKey: 'demo-approval', version: 1, businessKey: 'STP-261123-0001', state: 'ACTIVE',
      variables: expect.objectContaining({ applicant: 'Nguyễn Văn A', approved: true }),
    });
  });

  it('--wait follows the instance until the officer completes the task, then prints the completed instance', async () => {
    const waiting = tthc(['start', 'demo-approval', '--vars', '{"applicant":"Trần Thị B"}', '--business-key', 'STP-WAIT-1', '--wait', '--json'], as('officer'));
    const officer = await stack.h.login('officer');
    const instanceId = await until('the instance started by the CLI', async () => {
      const res = await stack.h.call('GET', '/api/v1/process-instances?processKey=demo-approval&state=ACTIVE', { token: officer });
      return res.body.items?.find((i: { businessKey?: string }) => i.businessKey === 'STP-WAIT-1')?.id;
    });
    await completeTask(instanceId, { approved: true });
    const r = await waiting;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ id: instanceId, state: 'COMPLETED', processKey: 'demo-approval', activeElementIds: [] });
  });

  it('--wait exits 1 when the instance is canceled, still printing it', async () => {
    const waiting = tthc(['start', 'demo-approval', '--business-key', 'STP-CANCEL-1', '--wait'], as('officer'));
    const officer = await stack.h.login('officer');
    const instanceId = await until('the instance started by the CLI', async () => {
      const res = await stack.h.call('GET', '/api/v1/process-instances?processKey=demo-approval&state=ACTIVE', { token: officer });
      return res.body.items?.find((i: { businessKey?: string }) => i.businessKey === 'STP-CANCEL-1')?.id;
    });
    await openTask(instanceId);
    expect((await stack.h.call('POST', `/api/v1/process-instances/${instanceId}/cancel`, { token: officer })).status).toBe(202);
    const r = await waiting;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${instanceId} CANCELED\n`);
    expect(r.stderr).toBe(`tthc: INSTANCE_CANCELED: instance ${instanceId} ended CANCELED\n`);
  });

  it('--wait gives up after --timeout, naming the element the instance waits at', async () => {
    const r = await tthc(['start', 'demo-approval', '--wait', '--timeout', '1'], as('officer'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tthc: TIMEOUT: instance \S+ is still ACTIVE after 1 s \(at Task_Review\)\n$/);
  });

  it('an unknown process key is a one-line NOT_FOUND, the same in --json', async () => {
    const r = await tthc(['start', 'nope'], as('officer'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tthc: NOT_FOUND: .*nope.*\n$/);
    const j = await tthc(['start', 'nope', '--json'], as('officer'));
    expect(j.code).toBe(1);
    const body = json(j.stdout);
    expect(body.error.code).toBe('NOT_FOUND');
    expect(r.stderr).toBe(`tthc: NOT_FOUND: ${body.error.message}\n`);
  });

  it.each([
    [['--vars', '{"a":'], /^tthc: BAD_ARGUMENT: --vars is not valid JSON/],
    [['--vars', '[1,2]'], /^tthc: BAD_ARGUMENT: --vars must be a JSON object/],
    [['--version', 'x'], /^tthc: BAD_ARGUMENT: --version must be a positive integer/],
    [['--timeout', '0'], /^tthc: BAD_ARGUMENT: --timeout must be a positive number/],
  ])('rejects bad arguments %j before calling the API', async (args, reason) => {
    // pointed at a port nothing listens on: a call would fail with API_UNREACHABLE instead
    const r = await tthc(['start', 'demo-approval', ...args], { ...as('officer'), TTHC_URL: `http://127.0.0.1:${await freePort()}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(reason);
  });
});

describe('tthc history', () => {
  beforeAll(ensureDemoDeployed);

  it('prints the element history as a table, or the API body with --json', async () => {
    const started = await tthc(['start', 'demo-approval', '--version', '1', '--vars', '{"applicant":"Lê Văn C"}', '--json'], as('officer'));
    const id = json(started.stdout).id as string;
    await completeTask(id, { approved: false });
    await until('the instance to end', async () => {
      const res = await stack.h.call('GET', `/api/v1/process-instances/${id}`, { token: await stack.h.login('officer') });
      return res.body.state === 'COMPLETED';
    });
    const table = await tthc(['history', id], as('officer'));
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^STARTED\s+ENDED\s+STATE\s+TYPE\s+ELEMENT\s+NAME\s+BY$/);
    expect(lines.find((l) => l.includes('Task_Review'))).toMatch(/COMPLETED\s+userTask\s+Task_Review\s+Xem xét hồ sơ\s+officer$/);
    const j = await tthc(['history', id, '--json'], as('officer'));
    const elements = json(j.stdout).elements.map((e: { elementId: string }) => e.elementId);
    expect(elements).toEqual(expect.arrayContaining(['StartEvent_Submitted', 'Task_Review', 'Gateway_Approved', 'EndEvent_Rejected']));
    expect(elements).not.toContain('Task_Finalise');
  });

  it('an unknown instance is a one-line NOT_FOUND; an id that is not an instance id is VALIDATION_FAILED', async () => {
    const unknown = randomUUID();
    const r = await tthc(['history', unknown], as('officer'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^tthc: NOT_FOUND: .*${unknown}.*\n$`));
    const malformed = await tthc(['history', 'pi-404'], as('officer'));
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^tthc: VALIDATION_FAILED: .+\n$/);
  });
});

describe('an expired token', () => {
  let shortLived: ApiWithWorker;
  beforeAll(async () => {
    shortLived = await startApiWithWorker('sqlite', server.address, 'cli-test-ttl', {
      jwt: { secret: 'test-secret-with-enough-entropy-0123456789', ttl: '2s' },
    });
  }, 180_000);
  afterAll(async () => {
    await shortLived?.close();
  });

  it('the CLI logs in again when its token expires while it waits', async () => {
    const env = { TTHC_URL: shortLived.h.url, TTHC_PASSWORD: 'Demo@123' };
    expect((await tthc(['deploy', DEMO], { ...env, TTHC_USER: 'analyst' })).code).toBe(0);
    const waiting = tthc(['start', 'demo-approval', '--business-key', 'STP-TTL-1', '--wait', '--json'], { ...env, TTHC_USER: 'officer' });
    const login = () => shortLived.h.login('officer');
    const task = await until('the task in the inbox', async () => {
      const res = await shortLived.h.call('GET', '/api/v1/tasks', { token: await login() });
      return res.body.items?.find((t: { businessKey?: string; state: string }) => t.state === 'OPEN');
    });
    // let the CLI's token (2 s) expire while it polls; its next poll is refused with 401
    await new Promise((r) => setTimeout(r, 3_000));
    const done = await shortLived.h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: await login(), json: { variables: { approved: true } } });
    expect(done.status).toBe(200);
    const r = await waiting;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r.stdout).state).toBe('COMPLETED');
  });
});
