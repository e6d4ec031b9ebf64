import { Inject, Injectable } from '@nestjs/common';
import { findUserById, type UserEntity } from '@tthc/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../tokens';

/** how long a user row read for authentication is reused (a change through ANOTHER replica waits at most this long) */
export const AUTH_USER_TTL_MS = 2_000;
/** at most this many users are held; the oldest entry goes first */
const MAX_ENTRIES = 10_000;

interface Entry {
  user: UserEntity | null;
  readAt: number;
}

/**
 * The users the JWT guard checks tokens against, read once per AUTH_USER_TTL_MS instead of on
 * every request (W6: the re-read was a second database round trip on every inbox page). The
 * guard's checks are unchanged — active, and the token's version equal to the user's — they run
 * against this row. Changes made through this process (UsersService) call `forget` after their
 * transaction commits, so a deactivation, a new password or new roles refuse the old tokens at
 * once on this replica; through another replica (or SQL by hand) within AUTH_USER_TTL_MS.
 * A read that started before a `forget` does not refill the cache with the row it saw.
 * Concurrent requests of one user share one read (under load an entry can expire while many
 * requests of that user wait: each would otherwise send its own statement).
 */
@Injectable()
export class AuthUserCache {
  private readonly entries = new Map<string, Entry>();
  /** the read under way per user id, shared by the requests that arrive meanwhile */
  private readonly reading = new Map<string, Promise<UserEntity | null>>();
  /** bumped by forget(): a read that began under an older generation is not stored */
  private generation = 0;

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async get(id: string, now = Date.now()): Promise<UserEntity | null> {
    const hit = this.entries.get(id);
    if (hit && now - hit.readAt < AUTH_USER_TTL_MS) return hit.user;
    const pending = this.reading.get(id);
    if (pending) return pending;
    const generation = this.generation;
    const read = findUserById(this.ds, id)
      .then((user) => {
        if (generation === this.generation) {
          this.entries.delete(id);
          if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
          this.entries.set(id, { user, readAt: now });
        }
        return user;
      })
      .finally(() => {
        if (this.reading.get(id) === read) this.reading.delete(id);
      });
    this.reading.set(id, read);
    return read;
  }

  /** the user changed: the next request reads the row again */
  forget(id: string): void {
    this.generation++;
    this.entries.delete(id);
    this.reading.delete(id);
  }
}
