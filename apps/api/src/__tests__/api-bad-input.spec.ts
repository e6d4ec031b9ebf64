/**
 * Issue #3, "bad input": hostile and broken requests against the real API, a real
 * Temporal dev server (a free port) and the real worker in-process. Each gets a clear
 * JSON 4xx without a stack trace; afterwards the same server and worker still deploy,
 * start and complete a real process.
 */
import { testDatabaseKinds } from '@tthc/persistence';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Apps never import each other in product code; this test (only) wires the real worker
// and the repo's dev-server launcher in-process, as api-temporal.spec.ts does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createWorker, type RunningWorker } from '../../../worker/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  billionLaughs,
  busyCycle,
  danglingMessageRef,
  deeplyNested,
  missingMessageRef,
  xxe,
  xxeParameter,
} from './support/bad-input-xml';
import { expectErrorBody, startApi, type Harness, type Res } from './support/api-harness';
import { declareHugeBody, multipartFile, sendWholeBody } from './support/declared-body';
import { until, useTemporalDevServer } from './support/temporal-stack';

jest.setTimeout(180_000);

const TEMPORAL_PORT = 0; // a free port: no collision with other test runs
const MB = 1024 * 1024;
const demoXml = readFileSync(join(__dirname, '../../../../processes/demo-approval.bpmn'), 'utf8');

const server = useTemporalDevServer(TEMPORAL_PORT, { tmpPrefix: 'tthc-api-bad-' });

describe.each(testDatabaseKinds())(
  'bad input through the API, with Temporal and the worker, on %s',
  (kind) => {
    let h: Harness;
    let worker: RunningWorker;
    let analyst: string;
    let officer: string;
    const taskQueue = `api-bad-${kind}`;

    beforeAll(async () => {
      h = await startApi(kind, { temporal: { address: server.address, namespace: 'default', taskQueue } });
      worker = await createWorker({ address: server.address, taskQueue, ds: h.api.ds });
      void worker.run();
      [analyst, officer] = await Promise.all([h.login('analyst'), h.login('officer')]);
    });
    afterAll(async () => {
      await worker?.shutdown();
      await h?.close();
    });

    /** The same document as a raw XML body and as the multipart field `file`. */
    async function deployBoth(xml: string | Buffer): Promise<{ raw: Res; multipart: Res }> {
      const raw = await h.call('POST', '/api/v1/deployments', {
        token: analyst,
        body: xml,
        type: 'application/xml',
      });
      const form = new FormData();
      form.append(
        'file',
        new Blob([typeof xml === 'string' ? xml : new Uint8Array(xml)], { type: 'application/xml' }),
        'upload.bpmn',
      );
      const multipart = await h.call('POST', '/api/v1/deployments', { token: analyst, body: form });
      return { raw, multipart };
    }

    /** Both ways refused as BPMN_INVALID; returns the raw answer's details. */
    async function expectInvalid(
      xml: string,
    ): Promise<Array<{ elementId?: string; rule: string; message: string }>> {
      const { raw, multipart } = await deployBoth(xml);
      expectErrorBody(raw, 422, 'BPMN_INVALID');
      expectErrorBody(multipart, 422, 'BPMN_INVALID');
      expect(multipart.body).toEqual(raw.body);
      return raw.body.error.details;
    }

    describe('POST /deployments', () => {
      it('refuses a 50 MB upload with 413, as XML and as multipart', async () => {
        const big = Buffer.alloc(50 * MB, ' ');
        big.write('<bpmn:definitions>');
        // the whole 50 MB is sent; the answer may come (and the connection close) before it is all out
        const raw = await sendWholeBody(h.url, '/api/v1/deployments', analyst, 'application/xml', big);
        expectErrorBody(raw, 413, 'PAYLOAD_TOO_LARGE');
        const form = multipartFile('file', 'upload.bpmn', 'application/xml', big);
        const multipart = await sendWholeBody(h.url, '/api/v1/deployments', analyst, form.type, form.body);
        expectErrorBody(multipart, 413, 'PAYLOAD_TOO_LARGE');
      });

      it('answers 413 from the declared size alone, without waiting for a 50 MB body', async () => {
        expectErrorBody(
          await declareHugeBody(h.url, '/api/v1/deployments', analyst, 'application/xml', 50 * MB),
          413,
          'PAYLOAD_TOO_LARGE',
        );
        expectErrorBody(
          await declareHugeBody(
            h.url,
            '/api/v1/deployments',
            analyst,
            'multipart/form-data; boundary=x',
            50 * MB,
          ),
          413,
          'PAYLOAD_TOO_LARGE',
        );
        expectErrorBody(
          await declareHugeBody(h.url, '/api/v1/messages', officer, 'application/json', 50 * MB),
          413,
          'PAYLOAD_TOO_LARGE',
        );
      });

      it('refuses 5,000-deep nesting with 422 and says why', async () => {
        const details = await expectInvalid(deeplyNested(5000));
        expect(details).toEqual([
          expect.objectContaining({
            rule: 'xml-too-deep',
            message: expect.stringMatching(/nested more than \d+ levels/),
          }),
        ]);
      });

      it('refuses XXE with 422 and never shows the file', async () => {
        for (const xml of [xxe, xxeParameter]) {
          const { raw, multipart } = await deployBoth(xml);
          for (const res of [raw, multipart]) {
            expectErrorBody(res, 422, 'BPMN_INVALID');
            expect(res.body.error.details).toEqual([expect.objectContaining({ rule: 'xml-doctype' })]);
            expect(res.text).not.toMatch(/root:|\/bin\/(ba)?sh|nologin/);
          }
        }
      });

      it('refuses billion laughs with 422 without expanding it', async () => {
        const before = process.memoryUsage().heapUsed;
        const details = await expectInvalid(billionLaughs());
        expect(details).toEqual([
          expect.objectContaining({ rule: 'xml-doctype', message: expect.stringContaining('DOCTYPE') }),
        ]);
        // an expansion would be 3 GB of "lol"; the refusal happens on the raw text (generous bound for GC noise)
        expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * MB);
      });

      it('refuses a cycle of script tasks and a gateway with no wait state, naming the elements', async () => {
        const details = await expectInvalid(busyCycle);
        const cycle = details.find((d) => d.rule === 'cycle-no-wait-state');
        expect(cycle?.message).toEqual(expect.stringContaining('Count'));
        expect(cycle?.message).toEqual(expect.stringContaining('Again'));
        expect(cycle?.message).toEqual(expect.stringContaining('Double'));
      });

      it('refuses a message catch event without a usable messageRef', async () => {
        for (const xml of [danglingMessageRef, missingMessageRef]) {
          const details = await expectInvalid(xml);
          expect(details).toEqual(
            expect.arrayContaining([
              expect.objectContaining({ elementId: 'WaitSupplement', rule: 'missing-ref' }),
            ]),
          );
        }
      });

      it('refuses text that is not XML, XML that is not BPMN, and binary garbage with 422', async () => {
        for (const body of [
          'this is not XML at all',
          '{"xml": "<x/>"}',
          '<html><body>hi</body></html>',
          '<bpmn:definitions',
          Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x3c]),
        ]) {
          const { raw, multipart } = await deployBoth(body);
          expectErrorBody(raw, 422, 'BPMN_INVALID');
          expectErrorBody(multipart, 422, 'BPMN_INVALID');
        }
      });

      it('refuses an empty body, a multipart without `file` and wrong content types', async () => {
        expectErrorBody(
          await h.call('POST', '/api/v1/deployments', { token: analyst, body: '', type: 'application/xml' }),
          400,
          'BAD_REQUEST',
        );
        expectErrorBody(
          await h.call('POST', '/api/v1/deployments', { token: analyst }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
        const form = new FormData();
        form.append('xml', demoXml);
        const noFile = await h.call('POST', '/api/v1/deployments', { token: analyst, body: form });
        expectErrorBody(noFile, 400, 'BAD_REQUEST');
        expect(noFile.body.error.message).toMatch(/"file"/);
        const wrongField = new FormData();
        wrongField.append('bpmn', new Blob([demoXml]), 'a.bpmn');
        expectErrorBody(
          await h.call('POST', '/api/v1/deployments', { token: analyst, body: wrongField }),
          400,
          'BAD_REQUEST',
        );
        for (const type of ['text/plain', 'image/png', 'application/x-www-form-urlencoded']) {
          expectErrorBody(
            await h.call('POST', '/api/v1/deployments', { token: analyst, body: demoXml, type }),
            415,
            'UNSUPPORTED_MEDIA_TYPE',
          );
        }
        expectErrorBody(
          await h.call('POST', '/api/v1/deployments', {
            token: analyst,
            body: demoXml,
            type: 'application/xml; charset=klingon',
          }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
        // XML sent as JSON meets the JSON parser first
        const asJson = await h.call('POST', '/api/v1/deployments', {
          token: analyst,
          body: demoXml,
          type: 'application/json',
        });
        expectErrorBody(asJson, 400, 'BAD_REQUEST');
        expect(asJson.body.error.message).toBe('request body is not valid JSON');
        // nothing of the above was stored
        expect((await h.call('GET', '/api/v1/process-definitions', { token: analyst })).body.items).toEqual(
          [],
        );
      });
    });

    describe('POST /messages', () => {
      it('answers 404 MESSAGE_NOT_CORRELATED for a name no deployed process knows', async () => {
        const res = await h.call('POST', '/api/v1/messages', {
          token: officer,
          json: { name: 'ho-so-bo-sung-typo', correlationKey: 'HS-1' },
        });
        expectErrorBody(res, 404, 'MESSAGE_NOT_CORRELATED');
        expect(res.body.error.message).toContain('ho-so-bo-sung-typo');
      });

      it('refuses malformed bodies with 400', async () => {
        const post = (body: string, type = 'application/json') =>
          h.call('POST', '/api/v1/messages', { token: officer, body, type });
        expectErrorBody(await post('{"name": '), 400, 'BAD_REQUEST');
        expectErrorBody(await post('"just a string"'), 400, 'BAD_REQUEST');
        expectErrorBody(await post(''), 400, 'VALIDATION_FAILED');
        expectErrorBody(await post('name=x', 'text/plain'), 400, 'VALIDATION_FAILED');
        for (const json of [
          {},
          { name: '' },
          { name: 42 },
          { name: 'x'.repeat(256) },
          { name: 'm', variables: [1, 2] },
          { name: 'm', correlationKey: { a: 1 } },
          [{ name: 'm' }],
        ]) {
          const res = await h.call('POST', '/api/v1/messages', { token: officer, json });
          expectErrorBody(res, 400, 'VALIDATION_FAILED');
          expect(res.body.error.details.length).toBeGreaterThan(0);
        }
      });

      it('refuses 100,000-deep JSON variables with 400, here and when starting an instance (not a stack overflow later)', async () => {
        const deep = '['.repeat(100_000) + ']'.repeat(100_000);
        const msg = await h.call('POST', '/api/v1/messages', {
          token: officer,
          body: `{"name":"m","variables":{"v":${deep}}}`,
          type: 'application/json',
        });
        expectErrorBody(msg, 400, 'VALIDATION_FAILED');
        expect(msg.body.error.message).toMatch(/nested more than \d+ levels/);
        const start = await h.call('POST', '/api/v1/process-instances', {
          token: officer,
          body: `{"processKey":"demo-approval","variables":{"v":${deep}}}`,
          type: 'application/json',
        });
        expectErrorBody(start, 400, 'VALIDATION_FAILED');
        // brackets inside strings are text, not nesting: this one reaches the message lookup
        const text = await h.call('POST', '/api/v1/messages', {
          token: officer,
          json: { name: 'm', variables: { note: '['.repeat(10_000) } },
        });
        expectErrorBody(text, 404, 'MESSAGE_NOT_CORRELATED');
      });
    });

    describe('GET /process-instances', () => {
      it('answers 400 JSON for a non-UUID id, a huge limit and garbage cursors', async () => {
        for (const path of [
          '/api/v1/process-instances/not-a-uuid',
          '/api/v1/process-instances/1%20OR%201=1',
          '/api/v1/process-instances/not-a-uuid/history',
          '/api/v1/process-instances?limit=100000',
          '/api/v1/process-instances?limit=-1',
          '/api/v1/process-instances?limit=abc',
        ]) {
          expectErrorBody(await h.call('GET', path, { token: officer }), 400, 'VALIDATION_FAILED');
        }
        const list = (cursor: string) =>
          h.call('GET', `/api/v1/process-instances?cursor=${encodeURIComponent(cursor)}`, { token: officer });
        const encoded = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        const garbage: Array<[string, string]> = [
          ['garbage!!', 'BAD_REQUEST'],
          ['AAAA', 'BAD_REQUEST'],
          [encoded([1, 2]), 'BAD_REQUEST'],
          [encoded(['not a date', 'id']), 'BAD_REQUEST'],
          [encoded({ at: 1 }), 'BAD_REQUEST'],
          // instants JavaScript accepts but PostgreSQL does not
          [encoded(['-271821-04-20T00:00:00.000Z', 'a']), 'BAD_REQUEST'],
          [encoded(['+275760-09-13T00:00:00.000Z', 'z']), 'BAD_REQUEST'],
          ['x'.repeat(600), 'VALIDATION_FAILED'], // longer than any cursor the API hands out
        ];
        for (const [cursor, code] of garbage) {
          const res = await list(cursor);
          expect({ cursor, status: res.status }).toEqual({ cursor, status: 400 });
          expectErrorBody(res, 400, code);
        }
        // a well-formed but forged cursor is only a position: bound as a parameter, an empty page
        for (const cursor of [
          encoded(['2026-01-01T00:00:00.000Z', "x' OR '1'='1"]),
          encoded(['9999-12-31T00:00:00.000Z', 'z']),
        ]) {
          const res = await list(cursor);
          expect({ cursor, status: res.status, items: res.body.items }).toEqual({
            cursor,
            status: 200,
            items: [],
          });
        }
        expectErrorBody(
          await h.call('GET', '/api/v1/process-instances/00000000-0000-4000-8000-000000000000', {
            token: officer,
          }),
          404,
          'NOT_FOUND',
        );
      });
    });

    describe('too large for the engine, too long for a column (issue #9)', () => {
      const instanceRows = async (businessKey: string) =>
        Number((await h.api.ds.query(`SELECT COUNT(*) AS n FROM process_instances WHERE business_key = '${businessKey}'`))[0].n);

      it('a variable over the payload limit: 413 with the limit on start (no instance row left) and on complete (task stays open)', async () => {
        expect((await h.call('POST', '/api/v1/deployments', { token: analyst, body: demoXml, type: 'application/xml' })).status).toBe(201);
        const big = 'x'.repeat(3 * MB);
        const start = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'demo-approval', businessKey: 'HS-BIG', variables: { scan: big } } });
        expectErrorBody(start, 413, 'PAYLOAD_TOO_LARGE');
        expect(start.body.error.details).toMatchObject({ limitBytes: expect.any(Number), sizeBytes: expect.any(Number) });
        expect(start.body.error.details.limitBytes).toBeLessThan(start.body.error.details.sizeBytes);
        expect(start.body.error.message).toContain(String(start.body.error.details.limitBytes));
        expect(await instanceRows('HS-BIG')).toBe(0);

        const ok = await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'demo-approval', businessKey: 'HS-BIG-2' } });
        expect(ok.status).toBe(201);
        const task = await until('the review task', async () => (await h.call('GET', `/api/v1/tasks?instanceId=${ok.body.id}`, { token: officer })).body.items?.[0]);
        const complete = await h.call('POST', `/api/v1/tasks/${task.id}/complete`, { token: officer, json: { variables: { approved: true, scan: big } } });
        expectErrorBody(complete, 413, 'PAYLOAD_TOO_LARGE');
        expect((await h.call('GET', `/api/v1/tasks/${task.id}`, { token: officer })).body.state).toBe('OPEN');
        const msg = await h.call('POST', '/api/v1/messages', { token: officer, json: { name: 'anything', variables: { scan: big } } });
        expectErrorBody(msg, 413, 'PAYLOAD_TOO_LARGE');
      });

      it('a process id over 255 characters: 422 at deployment, not a database error', async () => {
        const longId = `p-${'a'.repeat(300)}`;
        const xml = demoXml.replace(/demo-approval/g, longId);
        const res = await h.call('POST', '/api/v1/deployments', { token: analyst, body: xml, type: 'application/xml' });
        expectErrorBody(res, 422, 'BPMN_INVALID');
        expect(res.body.error.details[0]).toMatchObject({ rule: 'process-id-too-long' });
        expectErrorBody(await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: longId } }), 400, 'VALIDATION_FAILED');
      });

      it('NUL characters in a business key, a login username, a query: 400 (also on PostgreSQL)', async () => {
        expectErrorBody(await h.call('POST', '/api/v1/process-instances', { token: officer, json: { processKey: 'demo-approval', businessKey: 'HS\u0000NUL' } }), 400, 'VALIDATION_FAILED');
        expect(await instanceRows('HS')).toBe(0);
        expectErrorBody(await h.call('POST', '/api/v1/auth/login', { json: { username: 'a\u0000b', password: 'x' } }), 400, 'VALIDATION_FAILED');
        expectErrorBody(await h.call('GET', '/api/v1/tasks?processKey=a%00b', { token: officer }), 400, 'VALIDATION_FAILED');
      });
    });

    describe('afterwards', () => {
      it('still deploys, starts and completes a real process: the server and the worker stayed up', async () => {
        const health = await until('a green health check', async () => {
          const r = await h.call('GET', '/api/v1/health');
          return r.status === 200 && r;
        });
        expect(health.body).toMatchObject({ status: 'ok', temporal: { ok: true } });
        const { multipart } = await deployBoth(demoXml);
        expect(multipart.status).toBe(201);
        expect(multipart.body.processes).toEqual([
          expect.objectContaining({ key: 'demo-approval', version: 1 }),
        ]);
        const started = await h.call('POST', '/api/v1/process-instances', {
          token: officer,
          json: { processKey: 'demo-approval', businessKey: 'HS-BAD-1' },
        });
        expect(started.status).toBe(201);
        const task = await until(
          'the review task',
          async () =>
            (await h.call('GET', `/api/v1/tasks?instanceId=${started.body.id}`, { token: officer })).body
              .items?.[0],
        );
        expect(task).toMatchObject({ elementId: 'Task_Review', state: 'OPEN' });
        const done = await h.call('POST', `/api/v1/tasks/${task.id}/complete`, {
          token: officer,
          json: { variables: { approved: true } },
        });
        expect(done.status).toBe(200);
        const finished = await until('the instance to complete', async () => {
          const res = await h.call('GET', `/api/v1/process-instances/${started.body.id}`, { token: officer });
          return res.body.state === 'COMPLETED' && res.body;
        });
        expect(finished.variables).toMatchObject({ approved: true });
        const history = await h.call('GET', `/api/v1/process-instances/${started.body.id}/history`, {
          token: officer,
        });
        expect(history.body.elements.map((e: { elementId: string }) => e.elementId)).toEqual(
          expect.arrayContaining(['Task_Review', 'Task_Finalise', 'EndEvent_Approved']),
        );
      });
    });
  },
);
