/** deploy / start / history against a local server that answers like the API. */
import { createServer } from 'node:net';
import { FakeApi } from './fake-api.server';
import { tthc } from './run-cli.util';

jest.setTimeout(60_000);

const DEMO = 'processes/demo-approval.bpmn';
const NON_COMPLIANT = 'libs/bpmn/src/lint/__tests__/fixtures/sign-before-return/invalid-no-sign.bpmn';

let api: FakeApi;
const env = () => ({ TTHC_URL: api.url, TTHC_USER: 'analyst', TTHC_PASSWORD: 'Demo@123' });

beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(() => api.stop());

async function deployDemo(): Promise<void> {
  expect((await tthc(['deploy', DEMO], env())).code).toBe(0);
}

describe('tthc deploy', () => {
  it('logs in, sends the raw XML with the bearer token and prints the deployed processes', async () => {
    // when
    const r = await tthc(['deploy', DEMO, '--json'], env());
    // then
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      processes: [{ key: 'demo-approval', version: 1, id: 'demo-approval:1', created: true, file: DEMO }],
      warnings: [],
    });
    const [dep] = api.calls('POST', '/api/v1/deployments');
    expect(dep.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(dep.headers.authorization).toBe('Bearer token-1');
    expect(dep.body).toContain('id="demo-approval"');
    expect(dep.body).toContain('name="Xem xét hồ sơ"');
    expect(api.calls('POST', '/api/v1/auth/login')).toHaveLength(1);
  });

  it('deploys several files in order with one login; human output names key and version', async () => {
    const r = await tthc(['deploy', DEMO, 'processes/chung-thuc-ban-sao.bpmn', DEMO], env());
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `deployed demo-approval version 1 (demo-approval:1) from ${DEMO}`,
      'deployed chung-thuc-ban-sao version 1 (chung-thuc-ban-sao:1) from processes/chung-thuc-ban-sao.bpmn',
      `deployed demo-approval version 2 (demo-approval:2) from ${DEMO}`,
    ]);
    expect(api.calls('POST', '/api/v1/auth/login')).toHaveLength(1);
  });

  it('a refused deployment is one line with the code, reason and element ids, exit 1', async () => {
    const r = await tthc(['deploy', NON_COMPLIANT], env());
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tthc: BPMN_INVALID: .*invalid-no-sign\.bpmn: the process breaks \d TTHC rule\(s\)/);
    expect(lines[0]).toContain('Return tthc/sign-before-return');
    expect(r.stdout).toBe('');
  });

  it('--json prints the API error body on stdout', async () => {
    const r = await tthc(['deploy', NON_COMPLIANT, '--json'], env());
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.error.code).toBe('BPMN_INVALID');
    expect(out.error.details).toEqual(expect.arrayContaining([{ elementId: 'Return', rule: 'tthc/sign-before-return', message: expect.any(String) }]));
  });

  it('wrong credentials, missing credentials and an unreachable API fail in one line', async () => {
    const bad = await tthc(['deploy', DEMO], { ...env(), TTHC_PASSWORD: 'nope' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('tthc: UNAUTHENTICATED: invalid username or password\n');
    const none = await tthc(['deploy', DEMO], { TTHC_URL: api.url, TTHC_USER: '', TTHC_PASSWORD: '' });
    expect(none.stderr).toBe('tthc: UNAUTHENTICATED: set TTHC_USER and TTHC_PASSWORD to log in to the API\n');
    const closedPort = await freePort();
    const down = await tthc(['deploy', DEMO], { ...env(), TTHC_URL: `http://127.0.0.1:${closedPort}` });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`tthc: API_UNREACHABLE: cannot reach http://127.0.0.1:${closedPort}: ECONNREFUSED\n`);
  });

  it('a missing file fails before anything is sent', async () => {
    const r = await tthc(['deploy', 'processes/does-not-exist.bpmn'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('tthc: FILE_UNREADABLE: cannot read processes/does-not-exist.bpmn: ENOENT\n');
    expect(api.calls('POST', '/api/v1/deployments')).toHaveLength(0);
  });
});

describe('tthc start', () => {
  it('sends key, variables, business key and version, and prints the instance id', async () => {
    await deployDemo();
    await deployDemo();
    const r = await tthc(['start', 'demo-approval', '--vars', '{"applicant":"Nguyễn Văn A","approved":true}', '--business-key', 'STP-261123-0001', '--version', '1'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('started demo-approval: pi-1\n');
    const [req] = api.calls('POST', '/api/v1/process-instances');
    expect(JSON.parse(req.body)).toEqual({
      processKey: 'demo-approval', version: 1, businessKey: 'STP-261123-0001', variables: { applicant: 'Nguyễn Văn A', approved: true },
    });
  });

  it('--wait polls until the instance leaves ACTIVE and prints the final instance', async () => {
    // given an instance that is ACTIVE for two polls
    await deployDemo();
    api.stateScript = ['ACTIVE', 'ACTIVE', 'COMPLETED'];
    // when
    const r = await tthc(['start', 'demo-approval', '--wait', '--json'], env());
    // then
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expect.objectContaining({ id: 'pi-1', state: 'COMPLETED', processKey: 'demo-approval' }));
    expect(api.calls('GET', '/api/v1/process-instances/pi-1')).toHaveLength(3);
  });

  it('--wait exits 1 when the instance ends FAILED, still printing it', async () => {
    await deployDemo();
    api.stateScript = ['ACTIVE', 'FAILED'];
    const r = await tthc(['start', 'demo-approval', '--wait'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('pi-1 FAILED\n');
    expect(r.stderr).toBe('tthc: INSTANCE_FAILED: instance pi-1 ended FAILED\n');
  });

  it('--wait gives up after --timeout with the active elements', async () => {
    await deployDemo();
    api.stateScript = ['ACTIVE'];
    const r = await tthc(['start', 'demo-approval', '--wait', '--timeout', '1'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('tthc: TIMEOUT: instance pi-1 is still ACTIVE after 1 s (at Task_Review)\n');
  });

  it('an unknown process key is a one-line NOT_FOUND', async () => {
    const r = await tthc(['start', 'nope', '--json'], env());
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: "process 'nope' is not deployed" } });
    expect(r.stderr).toBe("tthc: NOT_FOUND: process 'nope' is not deployed\n");
  });

  it.each([
    [['--vars', '{"a":'], /^tthc: BAD_ARGUMENT: --vars is not valid JSON/],
    [['--vars', '[1,2]'], /^tthc: BAD_ARGUMENT: --vars must be a JSON object/],
    [['--version', 'x'], /^tthc: BAD_ARGUMENT: --version must be a positive integer/],
    [['--timeout', '0'], /^tthc: BAD_ARGUMENT: --timeout must be a positive number/],
  ])('rejects bad arguments %j without calling the API', async (args, reason) => {
    const r = await tthc(['start', 'demo-approval', ...args], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(reason);
    expect(api.requests).toHaveLength(0);
  });

  it('logs in again once when the cached token expires', async () => {
    await deployDemo();
    api.expireTokenAfter = 2; // the token dies after start + first poll
    api.stateScript = ['ACTIVE', 'ACTIVE', 'COMPLETED'];
    const r = await tthc(['start', 'demo-approval', '--wait', '--json'], env());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).state).toBe('COMPLETED');
    expect(api.calls('POST', '/api/v1/auth/login')).toHaveLength(3); // deployDemo, start, re-login
  });
});

describe('tthc history', () => {
  it('prints the element history as a table, or the API body with --json', async () => {
    await deployDemo();
    await tthc(['start', 'demo-approval'], env());
    const table = await tthc(['history', 'pi-1'], env());
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^STARTED\s+ENDED\s+STATE\s+TYPE\s+ELEMENT\s+NAME\s+BY$/);
    expect(lines[2]).toMatch(/COMPLETED\s+userTask\s+Task_Review\s+Xem xét hồ sơ\s+officer$/);
    const json = await tthc(['history', 'pi-1', '--json'], env());
    expect(JSON.parse(json.stdout).elements.map((e: { elementId: string }) => e.elementId)).toEqual(['StartEvent_Submitted', 'Task_Review']);
  });

  it('an unknown instance is a one-line NOT_FOUND', async () => {
    const r = await tthc(['history', 'pi-404'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("tthc: NOT_FOUND: process instance 'pi-404' not found\n");
  });
});

/** A port nothing listens on: bind an ephemeral port, then release it. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
