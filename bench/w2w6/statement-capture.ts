import type { DataSource, Logger } from 'typeorm';
import type { CapturedStatement } from './api-process';

/** Records the first statement touching task_candidates that `ds` sends between start() and take(). */
export function captureInboxStatements(ds: DataSource) {
  const original = ds.logger;
  let captured: CapturedStatement | undefined;
  let capturing = false;
  (ds as unknown as { logger: Logger }).logger = new Proxy(original, {
    get: (target, prop) =>
      prop === 'logQuery'
        ? (query: string, parameters?: unknown[]) => {
            if (capturing && !captured && query.includes('task_candidates')) captured = { sql: query, params: parameters ?? [] };
          }
        : (target as unknown as Record<string | symbol, unknown>)[prop],
  });
  return {
    start() {
      captured = undefined;
      capturing = true;
    },
    take(): CapturedStatement {
      capturing = false;
      if (!captured) throw new Error('no inbox SQL captured');
      return captured;
    },
  };
}
