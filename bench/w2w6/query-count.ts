/**
 * W2_COUNT_QUERIES=1: counts every statement this process sends through `pg` (one round trip each),
 * keyed by its first 60 characters, and prints the table at exit — how many statements and
 * transactions a completion costs (divide by the completions of the run).
 */
import { Client } from 'pg';

export function countQueriesIfAsked(label: string): void {
  if (!process.env.W2_COUNT_QUERIES) return;
  const counts = new Map<string, number>();
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    const text = typeof q === 'string' ? q : ((q as { text?: string; name?: string })?.text ?? (q as { name?: string })?.name ?? '?');
    const key = text.replace(/\s+/g, ' ').slice(0, 60);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return original.apply(this, args);
  };
  process.on('exit', () => {
    const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((s, [, n]) => s + n, 0);
    console.log(`[${label}] statements: ${total}\n` + rows.map(([k, n]) => `${String(n).padStart(7)}  ${k}`).join('\n'));
  });
}
