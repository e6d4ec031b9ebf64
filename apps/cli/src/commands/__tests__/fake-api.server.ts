/**
 * A tiny local HTTP server that answers like the TTHC Flow API (architecture.md §5) for the
 * CLI tests: login, deployments (checked with the real compiler and TTHC lint), process
 * instances whose state follows a script, history. The real end-to-end run against the
 * product is in test/.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileBpmn, lintBpmn } from '@tthc/bpmn';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  /** states GET /process-instances/:id returns one after another (the last one repeats) */
  stateScript: string[] = ['COMPLETED'];
  /** revoke the current token after this many authenticated calls (simulates expiry) */
  expireTokenAfter = Infinity;
  private server!: Server;
  private tokens = 0;
  private validToken = '';
  private authedCalls = 0;
  private versions = new Map<string, number>();
  private instances = new Map<string, { processKey: string; version: number; polls: number; variables: unknown }>();

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  calls(method: string, prefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(prefix));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const error = (status: number, code: string, message: string, details?: unknown) =>
      send(status, { error: { code, message, ...(details ? { details } : {}) } });

    if (req.method === 'POST' && path === '/api/v1/auth/login') {
      const { username, password } = JSON.parse(body || '{}');
      if (username !== 'analyst' || password !== 'Demo@123') return error(401, 'UNAUTHENTICATED', 'invalid username or password');
      this.validToken = `token-${++this.tokens}`;
      this.authedCalls = 0;
      return send(200, { accessToken: this.validToken });
    }
    if (req.headers.authorization !== `Bearer ${this.validToken}` || !this.validToken) {
      return error(401, 'UNAUTHENTICATED', 'missing or expired token');
    }
    if (++this.authedCalls >= this.expireTokenAfter) this.validToken = `revoked-${this.tokens}`;

    if (req.method === 'POST' && path === '/api/v1/deployments') {
      if (!String(req.headers['content-type']).startsWith('application/xml')) return error(415, 'UNSUPPORTED_MEDIA_TYPE', 'send BPMN XML');
      try {
        const { processes } = await compileBpmn(body);
        const errors = (await lintBpmn(body)).filter((i) => i.severity === 'error');
        if (errors.length) {
          return error(422, 'BPMN_INVALID', `the process breaks ${errors.length} TTHC rule(s): ${errors[0].message}`,
            errors.map(({ elementId, rule, message }) => ({ elementId, rule, message })));
        }
        return send(201, {
          processes: processes.map((p) => {
            const version = (this.versions.get(p.key) ?? 0) + 1;
            this.versions.set(p.key, version);
            return { key: p.key, version, id: `${p.key}:${version}`, created: true };
          }),
          warnings: [],
        });
      } catch (err) {
        const e = err as { message: string; details?: unknown };
        return error(422, 'BPMN_INVALID', e.message, e.details);
      }
    }
    if (req.method === 'POST' && path === '/api/v1/process-instances') {
      const { processKey, version, variables } = JSON.parse(body);
      const latest = this.versions.get(processKey);
      if (!latest) return error(404, 'NOT_FOUND', `process '${processKey}' is not deployed`);
      const id = `pi-${this.instances.size + 1}`;
      this.instances.set(id, { processKey, version: version ?? latest, polls: 0, variables: variables ?? {} });
      return send(201, { id });
    }
    const m = /^\/api\/v1\/process-instances\/([^/]+)(\/history)?$/.exec(path);
    if (req.method === 'GET' && m) {
      const inst = this.instances.get(decodeURIComponent(m[1]));
      if (!inst) return error(404, 'NOT_FOUND', `process instance '${m[1]}' not found`);
      if (m[2]) {
        return send(200, {
          elements: [
            { elementId: 'StartEvent_Submitted', elementType: 'startEvent', name: 'Hồ sơ được nộp', state: 'COMPLETED', startedAt: '2026-11-23T08:00:00+07:00', endedAt: '2026-11-23T08:00:00+07:00' },
            { elementId: 'Task_Review', elementType: 'userTask', name: 'Xem xét hồ sơ', state: 'COMPLETED', startedAt: '2026-11-23T08:00:01+07:00', endedAt: '2026-11-23T09:15:00+07:00', by: 'officer' },
          ],
          events: [],
        });
      }
      const state = this.stateScript[Math.min(inst.polls++, this.stateScript.length - 1)];
      return send(200, {
        id: m[1], processKey: inst.processKey, version: inst.version, state,
        activeElementIds: state === 'ACTIVE' ? ['Task_Review'] : [], variables: inst.variables,
      });
    }
    return error(404, 'NOT_FOUND', `no route ${req.method} ${path}`);
  }
}
