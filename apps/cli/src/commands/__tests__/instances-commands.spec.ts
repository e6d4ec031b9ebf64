/**
 * migrate / modify / incidents: the real `tthc` binary against the real API, a real Temporal dev
 * server (a free port), the real worker and a real database.
 */
// The CLI's tests drive the API's own test stack (the real API and worker in-process); test code only.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startApiWithWorker, until, useTemporalDevServer, type ApiWithWorker } from '../../../../api/src/__tests__/support/temporal-stack';
import { tthc } from './run-cli.util';

jest.setTimeout(300_000);

const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-cli-ops-' });
let stack: ApiWithWorker;
const as = (user: string) => ({ TTHC_URL: stack.h.url, TTHC_USER: user, TTHC_PASSWORD: 'Demo@123' });

const wrap = (key: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:tthc="https://tthc.dev/schema/bpmn/1.0" id="Defs_${key}" targetNamespace="https://tthc.dev/test">
  <bpmn:process id="${key}" isExecutable="true" tthc:agency="STP">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
const task = (id: string) => `<bpmn:userTask id="${id}" tthc:candidateGroups="MOTCUA"/>`;
const V1 = wrap('cli-mig', `<bpmn:startEvent id="S"/>${task('Review')}<bpmn:endEvent id="E"/>${flow('f1', 'S', 'Review')}${flow('f2', 'Review', 'E')}`);
const V2 = wrap('cli-mig', `<bpmn:startEvent id="S"/>${task('Check')}${task('Appraise')}<bpmn:endEvent id="E"/>${flow('f1', 'S', 'Check')}${flow('g1', 'Check', 'Appraise')}${flow('g2', 'Appraise', 'E')}`);
const STUCK = wrap(
  'cli-stuck',
  `<bpmn:startEvent id="S"/><bpmn:serviceTask id="Fetch"><bpmn:extensionElements><zeebe:taskDefinition type="fail" retries="1"/>` +
    `<zeebe:taskHeaders><zeebe:header key="message" value="registry unavailable"/><zeebe:header key="unlessVariable" value="fixed"/></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>` +
    `${task('Review')}<bpmn:endEvent id="E"/>${flow('f1', 'S', 'Fetch')}${flow('f2', 'Fetch', 'Review')}${flow('f3', 'Review', 'E')}`,
);

beforeAll(async () => {
  // a batch of more than two instances runs asynchronously (the API's TTHC_MIGRATION_SYNC_MAX, 500 by default)
  stack = await startApiWithWorker('sqlite', server.address, 'cli-ops', { migrationSyncMax: 2 });
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

async function deploy(xml: string) {
  const res = await stack.h.call('POST', '/api/v1/deployments', { token: await stack.h.login('analyst'), body: xml, type: 'application/xml' });
  expect(res.status).toBe(201);
}
async function start(key: string): Promise<string> {
  const res = await stack.h.call('POST', '/api/v1/process-instances', { token: await stack.h.login('officer'), json: { processKey: key } });
  expect(res.status).toBe(201);
  return res.body.id;
}
async function instance(id: string) {
  return (await stack.h.call('GET', `/api/v1/process-instances/${id}`, { token: await stack.h.login('officer') })).body;
}

describe('tthc migrate', () => {
  it('refuses an unmapped element naming it; above the synchronous limit a batch workflow migrates, with progress, the refusals listed, the batch readable again', async () => {
    await deploy(V1);
    const ids = [await start('cli-mig'), await start('cli-mig'), await start('cli-mig'), await start('cli-mig')];
    for (const id of ids) await until(`${id} at Review`, async () => (await instance(id)).activeElementIds?.includes('Review'));
    await deploy(V2);
    // one of them is no longer running: the batch lists it with the reason and goes on
    expect((await stack.h.call('POST', `/api/v1/process-instances/${ids[3]}/cancel`, { token: await stack.h.login('officer') })).status).toBeLessThan(300);
    await until(`${ids[3]} cancelled`, async () => (await instance(ids[3])).state === 'CANCELED');

    const refused = await tthc(['migrate', ids[0], '--to', '2'], as('analyst'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^tthc: MIGRATION_REFUSED: .*\[Review\]\n$/);

    const r = await tthc(['migrate', ...ids, '--to', '2', '--map', 'Review=Appraise', '--json'], as('analyst'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toBe('migrated 4/4 (ok 3, refused 1)');
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ total: 4, ok: 3, refused: 1, items: [{ instanceId: ids[3], ok: false, code: 'INSTANCE_NOT_RUNNING' }] });
    for (const id of ids.slice(0, 3)) expect(await instance(id)).toMatchObject({ version: 2, activeElementIds: ['Appraise'] });

    // the batch is Temporal's: read again by id (CLI and API), only by its agency's analysts and admins
    const again = await tthc(['migrate', '--batch', report.batchId, '--json'], as('analyst'));
    expect(JSON.parse(again.stdout)).toMatchObject({ batchId: report.batchId, total: 4, ok: 3, refused: 1 });
    const path = `/api/v1/process-instances/migrations/${report.batchId}`;
    expect((await stack.h.call('GET', path, { token: await stack.h.login('analyst') })).body).toMatchObject({ state: 'COMPLETED', done: 4, processKey: 'cli-mig', toVersion: 2 });
    const admin = await stack.h.login('admin');
    const other = await stack.h.call('POST', '/api/v1/users', { token: admin, json: { username: 'analyst-sxd', fullName: 'Chuyên viên Sở Xây dựng', password: 'Demo@1234', roles: ['analyst'], agency: 'SXD', units: [] } });
    expect(other.status).toBe(201);
    expect((await stack.h.call('GET', path, { token: await stack.h.login('analyst-sxd', 'Demo@1234') })).status).toBe(404);
    expect((await stack.h.call('GET', path, { token: await stack.h.login('officer') })).status).toBe(403);

    // an admin's batch of STP's process: readable by STP's analysts too (the instances are theirs), not by another agency's
    const byAdmin = await stack.h.call('POST', '/api/v1/process-instances/migrations', { token: admin, json: { processKey: 'cli-mig', targetVersion: 1, mapping: { Appraise: 'Review' }, instanceIds: ids.slice(0, 3) } });
    expect(byAdmin.status).toBe(202);
    const adminPath = `/api/v1/process-instances/migrations/${byAdmin.body.batchId}`;
    const read = await until('the admin batch to end', async () => {
      const res = await stack.h.call('GET', adminPath, { token: await stack.h.login('analyst') });
      return res.status === 200 && res.body.state === 'COMPLETED' && res.body;
    });
    expect(read).toMatchObject({ agency: null, by: 'admin', total: 3, ok: 3, processKey: 'cli-mig', toVersion: 1 });
    expect((await stack.h.call('GET', adminPath, { token: await stack.h.login('analyst-sxd', 'Demo@1234') })).status).toBe(404);

    const officer = await tthc(['migrate', ids[0], '--to', '1'], as('officer'));
    expect(officer.stderr).toMatch(/^tthc: FORBIDDEN/);
  });
});

describe('tthc modify / incidents', () => {
  it('lists incidents with counts, moves one stuck instance past its failing task with a reason, retries the others with corrected variables', async () => {
    await deploy(STUCK);
    const [a, b] = [await start('cli-stuck'), await start('cli-stuck')];
    await until('two incidents', async () => (await instance(a)).incidents?.length && (await instance(b)).incidents?.length);

    const listed = await tthc(['incidents', '--process', 'cli-stuck'], as('officer'));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('2 open incident(s)\n  cli-stuck / Fetch: 2\n');

    const noReason = await tthc(['modify', a, '--move', 'Fetch:Review'], as('analyst'));
    expect(noReason.code).not.toBe(0);
    const toStart = await tthc(['modify', a, '--reason', 'thử', '--move', 'Fetch:S'], as('analyst'));
    expect(toStart.stderr).toMatch(/^tthc: MODIFICATION_REFUSED: .*\[S\]\n$/);
    const moved = await tthc(['modify', a, '--reason', 'CSDL dân cư không phản hồi', '--move', 'Fetch:Review', '--vars', '{"checkedByHand":true}'], as('analyst'));
    expect(moved.stderr).toBe('');
    expect(moved.stdout).toBe(`${a} ACTIVE at Review\n`);

    const retried = await tthc(['incidents', 'retry', '--process', 'cli-stuck', '--vars', '{"fixed":true}', '--json'], as('officer'));
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ total: 1, ok: 1, refused: 0, items: [{ instanceId: b, ok: true }] });
    await until('b past Fetch', async () => (await instance(b)).activeElementIds?.includes('Review'));
    const history = await stack.h.call('GET', `/api/v1/process-instances/${a}/history`, { token: await stack.h.login('officer') });
    expect(history.body.events.find((e: { action: string }) => e.action === 'process-instance.modify')).toMatchObject({ actor: 'analyst', details: { reason: 'CSDL dân cư không phản hồi' } });
  });
});
