/**
 * Issue 14: while Temporal is down the API answers 503 ENGINE_UNAVAILABLE from what it already knows
 * instead of each request waiting out its own call deadline. A real dev server behind a plain TCP relay
 * that the test can freeze (a hung Temporal frontend: connections accepted, nothing answered) and thaw.
 */
import { readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { expectErrorBody, startApi, type Harness } from '../../__tests__/support/api-harness';
import { until, useTemporalDevServer } from '../../__tests__/support/temporal-stack';

jest.setTimeout(180_000);

/** forwards bytes both ways to `target`; frozen, it swallows them (thawing drops the connections, clients reconnect) */
class Relay {
  frozen = false;
  private readonly pairs = new Set<[Socket, Socket]>();
  private server!: Server;
  port = 0;

  async listen(target: string): Promise<void> {
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    this.server = createServer((client) => {
      const upstream = connect(port, host);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      client.on('data', (d) => this.frozen || upstream.write(d));
      upstream.on('data', (d) => this.frozen || client.write(d));
      const close = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  thaw(): void {
    this.frozen = false;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
  }

  close(): Promise<void> {
    this.thaw();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const server = useTemporalDevServer(0, { tmpPrefix: 'tthc-engine-down-' });
const relay = new Relay();
let h: Harness;
let officer: string;

beforeAll(async () => {
  await relay.listen(server.address);
  h = await startApi('sqlite', { temporal: { address: `127.0.0.1:${relay.port}`, namespace: 'default', taskQueue: 'engine-down' } });
  const analyst = await h.login('analyst');
  officer = await h.login('officer');
  const xml = readFileSync(join(__dirname, '../../../../../processes/demo-approval.bpmn'), 'utf8');
  expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' })).status).toBe(201);
});
afterAll(async () => {
  await h?.close();
  await relay.close();
});

const start = (businessKey: string) => h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'demo-approval', businessKey } });

it('answers 503 from its cached state while Temporal hangs, says since when, and serves again once it is back', async () => {
  expect((await start('HS-UP-1')).status).toBe(201);

  relay.frozen = true;
  // the first request finds out (a probe beside the call that got no answer) ...
  const first = await start('HS-DOWN-1');
  expectErrorBody(first, 503, 'ENGINE_UNAVAILABLE');
  const since = first.body.error.details.since;
  expect(first.body.error.details).toEqual({ since, retryable: true });
  // ... the next ones are answered from what the API knows: the same instant, nothing asked of the engine
  const next = await Promise.all([start('HS-DOWN-2'), start('HS-DOWN-3'), h.call('GET', '/api/v1/health')]);
  for (const r of next.slice(0, 2)) {
    expectErrorBody(r, 503, 'ENGINE_UNAVAILABLE');
    expect(r.body.error.details.since).toBe(since);
  }
  expect(next[2].body).toMatchObject({ temporal: { ok: false }, error: { code: 'ENGINE_UNAVAILABLE' } });
  // the refused starts left no instance behind
  const keys = (await h.db.ds.query("SELECT business_key AS k FROM process_instances WHERE process_key = 'demo-approval'")).map((r: { k: string }) => r.k);
  expect(keys).toEqual(['HS-UP-1']);

  relay.thaw();
  await until('Temporal reachable again', async () => (await start('HS-UP-2')).status === 201);
  expect((await h.call('GET', '/api/v1/health')).body).toMatchObject({ temporal: { ok: true } });
});
