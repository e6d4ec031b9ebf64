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

/** JSON over loopback with a bearer token; throws on a non-2xx answer. */
export async function api<T>(base: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await api<{ accessToken: string }>(base, undefined, 'POST', '/api/v1/auth/login', { username, password });
  return r.accessToken;
}
