import type { Provider } from '@nestjs/common';
import { PublicLookupLimiter } from './public-lookup-limiter';

export const PUBLIC_LOOKUP_LIMITER = Symbol('PUBLIC_LOOKUP_LIMITER');

/** TTHC_PUBLIC_LOOKUP_PER_MINUTE (default 30): public lookups per client address and minute. */
export function publicLookupLimitFromEnv(env: NodeJS.ProcessEnv): number {
  const n = Number(env.TTHC_PUBLIC_LOOKUP_PER_MINUTE ?? 30);
  if (!Number.isInteger(n) || n < 1) throw new Error(`TTHC_PUBLIC_LOOKUP_PER_MINUTE is not a positive integer: ${env.TTHC_PUBLIC_LOOKUP_PER_MINUTE}`);
  return n;
}

export const PUBLIC_LOOKUP_PROVIDER: Provider = {
  provide: PUBLIC_LOOKUP_LIMITER,
  useFactory: () => new PublicLookupLimiter(publicLookupLimitFromEnv(process.env)),
};
