/** Minimal HTTP client for end-to-end tests: JSON in, JSON (with status) out. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
}

export class TestApi {
  token?: string;
  constructor(readonly baseUrl: string) {}

  async login(username: string, password = 'Demo@123'): Promise<this> {
    const res = await this.call('POST', '/api/v1/auth/login', { username, password });
    if (res.status !== 200 && res.status !== 201) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    this.token = res.body.accessToken;
    return this;
  }

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const isRaw = typeof body === 'string' || body instanceof Uint8Array;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isRaw ? (body as any) : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text };
  }

  /** polls until fn returns a truthy value */
  async until<T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
