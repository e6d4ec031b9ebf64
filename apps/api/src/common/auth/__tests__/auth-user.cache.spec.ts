import { ensureUser, openTestDatabase, testDatabaseKinds, updateUser, type TestDatabase } from '@tthc/persistence';
import { AUTH_USER_TTL_MS, AuthUserCache } from '../auth-user.cache';

/**
 * The guard's user cache over a real database. A change made behind the cache's back (another
 * replica, SQL by hand: here `updateUser` straight on the store) is seen once the entry is older
 * than AUTH_USER_TTL_MS; `forget` (what UsersService calls after its commit) makes it seen at once.
 * Time is passed in explicitly: no waiting, no timed assertion.
 */
describe.each(testDatabaseKinds())('AuthUserCache on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  const newUser = async (username: string) =>
    (await ensureUser(db.ds, { username, fullName: username, passwordHash: 'x', roles: ['officer'], agency: null, units: [] })).user;

  it('reuses the row within the TTL and reads the database again after it', async () => {
    const user = await newUser('cache-ttl');
    const cache = new AuthUserCache(db.ds);
    const t0 = 1_000_000;
    expect(await cache.get(user.id, t0)).toMatchObject({ active: true, tokenVersion: 0 });
    await updateUser(db.ds, user.id, { active: false });
    // still the row read at t0 (another replica's change is not seen yet)…
    expect(await cache.get(user.id, t0 + AUTH_USER_TTL_MS - 1)).toMatchObject({ active: true, tokenVersion: 0 });
    // …and the new one once the entry is AUTH_USER_TTL_MS old
    expect(await cache.get(user.id, t0 + AUTH_USER_TTL_MS)).toMatchObject({ active: false, tokenVersion: 1 });
  });

  it('reads the new row at once after forget (a change through this process)', async () => {
    const user = await newUser('cache-forget');
    const cache = new AuthUserCache(db.ds);
    expect((await cache.get(user.id, 5))!.roles).toEqual(['officer']);
    await updateUser(db.ds, user.id, { roles: ['officer', 'unit-lead'] });
    cache.forget(user.id);
    expect(await cache.get(user.id, 6)).toMatchObject({ roles: ['officer', 'unit-lead'], tokenVersion: 1 });
  });

  it('does not keep a row whose read began before a forget', async () => {
    const user = await newUser('cache-race');
    const cache = new AuthUserCache(db.ds);
    const stale = cache.get(user.id, 10); // in flight while the user changes
    cache.forget(user.id);
    await stale;
    await updateUser(db.ds, user.id, { active: false });
    expect(await cache.get(user.id, 11)).toMatchObject({ active: false });
  });

  it('lets the requests of one user that arrive while its row is read share that read', async () => {
    const user = await newUser('cache-shared');
    const cache = new AuthUserCache(db.ds);
    const [a, b] = await Promise.all([cache.get(user.id, 20), cache.get(user.id, 20)]);
    expect(a).toBe(b);
    // a forget during a shared read: the next request reads the changed row, not the shared one
    const inFlight = cache.get(user.id, 20 + AUTH_USER_TTL_MS);
    cache.forget(user.id);
    await updateUser(db.ds, user.id, { active: false });
    expect(await cache.get(user.id, 20 + AUTH_USER_TTL_MS)).toMatchObject({ active: false });
    await inFlight;
  });
});
