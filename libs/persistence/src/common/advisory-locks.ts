/**
 * The PostgreSQL advisory lock keys the product takes, in one place so that no two uses share
 * a key (advisory locks are database-wide: every schema and every replica sees them).
 */
export const ADVISORY_LOCK = {
  /** runMigrations: replicas migrate one after the other (session lock) */
  migrations: 727_000,
  /** the audit chain's appenders serialise on it (transaction lock) */
  auditChain: 727_001,
  /** withStartupLock: an API replica's one-time start-up work (seed, processes directory; session lock) */
  startup: 727_002,
} as const;
