/** Deployments and process definitions over HTTP with the real compiler and TTHC lint. */
import { testDatabaseKinds } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectErrorBody, startApi, type Harness } from './support/api-harness';

jest.setTimeout(30_000);

const repoRoot = join(__dirname, '../../../..');
const reviewXml = readFileSync(join(__dirname, 'fixtures/review.bpmn'), 'utf8');

describe.each(testDatabaseKinds())('deployments on %s', (kind) => {
  let h: Harness;
  let analyst: string;
  let officer: string;
  beforeAll(async () => {
    h = await startApi(kind, { processesDir: join(repoRoot, 'processes') });
    [analyst, officer] = await Promise.all([h.login('analyst'), h.login('officer')]);
  });
  afterAll(() => h?.close());

  it('deploys the shipped processes at start', async () => {
    const res = await h.call('GET', '/api/v1/process-definitions', { token: officer });
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: { key: string }) => d.key)).toEqual(expect.arrayContaining(['demo-approval']));
  });

  it('stores a new version only when the process changed', async () => {
    const first = await h.call('POST', '/api/v1/deployments', { token: analyst, body: reviewXml, type: 'application/xml' });
    expect(first.status).toBe(201);
    expect(first.body.processes).toEqual([expect.objectContaining({ key: 'api-review', version: 1, id: expect.any(String) })]);

    const again = await h.call('POST', '/api/v1/deployments', { token: analyst, body: reviewXml, type: 'application/xml' });
    expect(again.body.processes[0]).toMatchObject({ version: 1, id: first.body.processes[0].id, created: false });

    const changed = reviewXml.replace('name="Xem xét"', 'name="Xem xét lại"');
    const form = new FormData();
    form.append('file', new Blob([changed], { type: 'application/xml' }), 'review.bpmn');
    const second = await h.call('POST', '/api/v1/deployments', { token: analyst, body: form });
    expect(second.status).toBe(201);
    expect(second.body.processes[0]).toMatchObject({ key: 'api-review', version: 2, created: true });

    const list = await h.call('GET', '/api/v1/process-definitions?key=api-review', { token: officer });
    expect(list.body.items.map((d: { version: number }) => d.version)).toEqual([1, 2]);
    const xml = await fetch(`${h.url}/api/v1/process-definitions/api-review/versions/1/xml`, { headers: { authorization: `Bearer ${officer}` } });
    expect(xml.headers.get('content-type')).toMatch(/application\/xml/);
    expect(xml.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(await xml.text()).toBe(reviewXml);
  });

  it('starts instances only inside the owning agency, and leaves nothing behind when the engine refuses a start', async () => {
    const officer2 = await h.login('officer2');
    // another agency's internal process is unknown to them (as its design is): the 404 of an unknown key
    const foreign = await h.call('POST', '/api/v1/process-instances', { token: officer2, json: { processKey: 'api-review' } });
    expect(foreign.body).toEqual({ error: { code: 'NOT_FOUND', message: 'process api-review not found' } });
    expect((await h.call('POST', '/api/v1/process-instances', { token: officer2, json: { processKey: 'api-reviews' } })).body).toEqual({ error: { code: 'NOT_FOUND', message: 'process api-reviews not found' } });
    expectErrorBody(await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'api-review', version: 9 } }), 404, 'NOT_FOUND');
    // Temporal is down in this suite: 503, and no instance at all (neither a phantom ACTIVE nor a FAILED row)
    const res = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'api-review', businessKey: 'HS-DOWN' } });
    expectErrorBody(res, 503, 'ENGINE_UNAVAILABLE');
    const list = await h.call('GET', '/api/v1/process-instances?processKey=api-review', { token: officer });
    expect(list.body.items).toEqual([]);
    expect((await h.call('GET', '/api/v1/process-instances?processKey=api-review', { token: officer2 })).body.items).toEqual([]);
  });

  it('refuses malformed XML with 422 BPMN_INVALID and the reason', async () => {
    const res = await h.call('POST', '/api/v1/deployments', { token: analyst, body: '<bpmn:definitions><unclosed>', type: 'application/xml' });
    expectErrorBody(res, 422, 'BPMN_INVALID');
    expect(res.body.error.details).toEqual([expect.objectContaining({ rule: expect.any(String), message: expect.any(String) })]);
  });

  it('refuses unsupported elements with their element ids', async () => {
    const xml = reviewXml.replace('<bpmn:endEvent id="End" />', '<bpmn:complexGateway id="Complex" /><bpmn:endEvent id="End" />');
    const res = await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' });
    expectErrorBody(res, 422, 'BPMN_INVALID');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'Complex' })]));
  });

  it('refuses a TTHC procedure that breaks the one-stop rules', async () => {
    const xml = reviewXml.replace('tthc:agency="STP"', 'tthc:agency="STP" tthc:procedureCode="1.000001"');
    const res = await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' });
    expectErrorBody(res, 422, 'BPMN_INVALID');
    expect(res.body.error.details.map((d: { rule: string }) => d.rule)).toEqual(expect.arrayContaining([expect.stringMatching(/^tthc\//)]));
  });
});
