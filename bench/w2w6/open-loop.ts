import { Agent, request } from 'node:http';
/**
 * Bounded open-loop load: `total` calls of `task(i)` fired on a fixed schedule
 * (`ratePerSecond`), whether or not earlier calls have answered, so a slow answer does
 * not slow the offered load (no coordinated omission). Each latency is measured from the
 * call's *scheduled* instant, so falling behind the schedule shows up in the figures.
 */
export interface OpenLoopResult {
  latencies: number[];
  errors: number;
  errorKinds?: Record<string, number>;
  wallMs: number;
  /** how late the generator itself fired, worst case (a busy event loop shows here) */
  maxFireLagMs: number;
}

export async function openLoop(total: number, ratePerSecond: number, task: (i: number) => Promise<void>): Promise<OpenLoopResult> {
  const interval = 1000 / ratePerSecond;
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  /** error message → how many (the first 200 characters), so a result says why requests failed */
  const errorKinds = new Map<string, number>();
  let maxFireLagMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    maxFireLagMs = Math.max(maxFireLagMs, performance.now() - due);
    inFlight.push(
      task(i).then(
        () => void latencies.push(performance.now() - due),
        (err: unknown) => {
          errors++;
          const m = String((err as Error)?.message ?? err).slice(0, 200);
          errorKinds.set(m, (errorKinds.get(m) ?? 0) + 1);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, errors, errorKinds: Object.fromEntries([...errorKinds].slice(0, 10)), wallMs: performance.now() - t0, maxFireLagMs: Math.round(maxFireLagMs * 10) / 10 };
}

/** A steady background loop (the writes beside the load) until `stop()`; counts outcomes. */
export function steadyLoop(ratePerSecond: number, task: (i: number) => Promise<void>) {
  let i = 0;
  let ok = 0;
  let failed = 0;
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const p = task(i++).then(
      () => void ok++,
      () => void failed++,
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }, 1000 / ratePerSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return { issued: i, ok, failed };
    },
  };
}

/**
 * The client side of the benches: keep-alive connections, at most CLIENT_SOCKETS per API (a
 * request beyond waits in the agent's queue; the open loop still counts its latency from its
 * scheduled instant). node:http rather than fetch: on the 2 shared cores the load generator's
 * own CPU competes with the API it measures, and fetch cost ≈ 2× (W6 session 5: 2.2 ms of the
 * bench process per page with fetch).
 */
export const CLIENT_SOCKETS = 64;
const agent = new Agent({ keepAlive: true, maxSockets: CLIENT_SOCKETS });

/** JSON over loopback with a bearer token; throws on a non-2xx answer. */
export function api<T>(base: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
  const payload = body !== undefined ? JSON.stringify(body) : undefined;
  return new Promise<T>((resolve, reject) => {
    const headers: Record<string, string | number> = {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
    };
    const req = request(base + path, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) reject(new Error(`${method} ${path} → ${status} ${text.slice(0, 300)}`));
        else resolve((text ? JSON.parse(text) : undefined) as T);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await api<{ accessToken: string }>(base, undefined, 'POST', '/api/v1/auth/login', { username, password });
  return r.accessToken;
}
