import { PublicLookupLimiter } from '../public-lookup-limiter';

describe('public lookup limit', () => {
  let now: number;
  let limiter: PublicLookupLimiter;
  beforeEach(() => {
    now = 1_000_000;
    limiter = new PublicLookupLimiter(3, 60_000, () => now);
  });

  it('lets a client look up `limit` times within a minute, then says how long to wait until the oldest lookup leaves the minute', () => {
    for (let i = 0; i < 3; i++) {
      expect(limiter.hit('10.0.0.1')).toBe(0);
      now += 10_000;
    }
    // lookups at 0 s, 10 s, 20 s; now 30 s: the first leaves the window at 60 s
    expect(limiter.hit('10.0.0.1')).toBe(30_000);
    expect(limiter.hit('10.0.0.2')).toBe(0);
    // at 60.001 s the first lookup has left the minute (the refused one was not counted)
    now += 30_001;
    expect(limiter.hit('10.0.0.1')).toBe(0);
    // and the next waits for the lookup at 10 s to leave it, at 70 s
    expect(limiter.hit('10.0.0.1')).toBe(9_999);
  });
});
