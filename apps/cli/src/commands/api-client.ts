/**
 * A small typed client for the TTHC Flow HTTP API (architecture.md §5) used by the CLI.
 * `TTHC_URL` (default http://localhost:3000), login with `TTHC_USER` / `TTHC_PASSWORD`;
 * the bearer token is cached in memory for the life of the command. Every failure is an
 * `ApiError` carrying the API's `{error:{code,message,details}}`.
 */

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'FAILED' | 'CANCELED';

export interface DeployedProcess {
  key: string;
  version: number;
  id: string;
  created?: boolean;
}
export interface DeploymentResult {
  processes: DeployedProcess[];
  warnings?: Array<{ elementId?: string; rule: string; message: string }>;
}
export interface StartInstanceRequest {
  processKey: string;
  version?: number;
  businessKey?: string;
  variables?: Record<string, unknown>;
}
export interface ProcessInstance {
  id: string;
  processKey: string;
  version: number;
  state: InstanceState;
  activeElementIds: string[];
  variables: Record<string, unknown>;
  [key: string]: unknown;
}
export interface HistoryElement {
  elementId: string;
  elementType: string;
  name?: string;
  state: string;
  startedAt?: string;
  endedAt?: string;
  by?: string;
}
export interface InstanceHistory {
  elements: HistoryElement[];
  events: unknown[];
}

/** `GET /audit/verify` (see libs/persistence chains-verify.store.ts) */
export interface ChainsVerificationView {
  ok: boolean;
  audit: { ok: boolean; count: number; brokenAtSeq?: number; reason?: string; checkpoints: number };
  dossiers: {
    ok: boolean;
    checked: number;
    events: number;
    broken: Array<{ dossierId: string; code: string | null; brokenAtSeq: number; reason?: string }>;
    checkpoints?: { ok: boolean; checkpoints: number; broken?: { seq: number; reason: string } };
  };
  firstBroken?:
    | { chain: 'audit'; seq: number; reason: string }
    | { chain: 'dossier-checkpoint'; seq: number; reason: string }
    | { chain: 'dossier'; dossierId: string; code: string | null; seq: number; reason: string };
}

/** A failed API call (or an unreachable API), mapped to one code and a one-line message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  baseUrl?: string;
  username?: string;
  password?: string;
}

export class ApiClient {
  readonly baseUrl: string;
  private token: string | undefined;

  constructor(private readonly options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): ApiClient {
    return new ApiClient({ baseUrl: env.TTHC_URL || undefined, username: env.TTHC_USER, password: env.TTHC_PASSWORD });
  }

  async login(): Promise<string> {
    const { username, password } = this.options;
    if (!username || !password) {
      throw new ApiError('UNAUTHENTICATED', 'set TTHC_USER and TTHC_PASSWORD to log in to the API');
    }
    const body = await this.send<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      json: { username, password },
      auth: false,
    });
    if (!body?.accessToken) throw new ApiError('INTERNAL', 'login answered without an accessToken');
    this.token = body.accessToken;
    return this.token;
  }

  /**
   * One deployment: the BPMN alone (`application/xml`), or with form-js schemas the BPMN's tasks
   * name (multipart: part `file` + one part `forms` per schema; the API pins them in the version).
   */
  deploy(xml: string, forms: Array<{ name: string; json: string }> = [], fileName = 'process.bpmn'): Promise<DeploymentResult> {
    if (forms.length === 0) return this.call('POST', '/api/v1/deployments', { raw: xml, contentType: 'application/xml; charset=utf-8' });
    return this.call('POST', '/api/v1/deployments', {
      form: () => {
        const body = new FormData();
        body.append('file', new Blob([xml], { type: 'application/xml' }), fileName);
        for (const f of forms) body.append('forms', new Blob([f.json], { type: 'application/json' }), f.name);
        return body;
      },
    });
  }

  startInstance(req: StartInstanceRequest): Promise<{ id: string }> {
    return this.call('POST', '/api/v1/process-instances', { json: req });
  }

  getInstance(id: string): Promise<ProcessInstance> {
    return this.call('GET', `/api/v1/process-instances/${encodeURIComponent(id)}`);
  }

  getHistory(id: string): Promise<InstanceHistory> {
    return this.call('GET', `/api/v1/process-instances/${encodeURIComponent(id)}/history`);
  }

  /** An authenticated GET of bytes (a file the API serves); errors as for call(). */
  async download(path: string): Promise<Buffer> {
    if (!this.token) await this.login();
    const get = async () => {
      let res: Response;
      try {
        res = await fetch(this.baseUrl + path, { headers: { authorization: `Bearer ${this.token}` } });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new ApiError('API_UNREACHABLE', `cannot reach ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
      }
      if (!res.ok) {
        const text = await res.text();
        throw toApiError(res.status, parseJson(text), text);
      }
      return Buffer.from(await res.arrayBuffer());
    };
    try {
      return await get();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      await this.login();
      return get();
    }
  }

  /** An authenticated call; logs in on first use and once more if the cached token expired. */
  async call<T>(method: string, path: string, body?: RequestBody): Promise<T> {
    if (!this.token) await this.login();
    try {
      return await this.send<T>(method, path, body ?? {});
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      await this.login();
      return this.send<T>(method, path, body ?? {});
    }
  }

  private async send<T>(method: string, path: string, body: RequestBody & { auth?: boolean }): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | FormData | undefined;
    if (body.form) {
      payload = body.form(); // fetch sets the multipart content-type with its boundary
    } else if (body.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body.raw !== undefined) {
      headers['content-type'] = body.contentType ?? 'application/octet-stream';
      payload = body.raw;
    }
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError('API_UNREACHABLE', `cannot reach ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    const text = await res.text();
    const parsed = parseJson(text);
    if (!res.ok) throw toApiError(res.status, parsed, text);
    return parsed as T;
  }
}

interface RequestBody {
  json?: unknown;
  /** a multipart body, built anew for each attempt (a retry after a re-login sends it again) */
  form?: () => FormData;
  raw?: string;
  contentType?: string;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, body: unknown, text: string): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  if (e?.code || e?.message) {
    return new ApiError(e.code ?? `HTTP_${status}`, oneLine(e.message ?? `HTTP ${status}`), status, e.details);
  }
  return new ApiError(`HTTP_${status}`, oneLine(text || `HTTP ${status}`).slice(0, 200), status);
}

export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
