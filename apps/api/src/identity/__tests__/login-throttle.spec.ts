import { ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_DELAY_MS, CLIENT_FAILURES, LoginThrottle, PAIR_FAILURES, WINDOW_MS } from '../login-throttle';

describe('login throttle', () => {
  let now: number;
  let t: LoginThrottle;
  beforeEach(() => {
    now = 1_000_000;
    t = new LoginThrottle(() => now);
  });

  it('refuses one client for one username after PAIR_FAILURES failures, until they age out; other clients and usernames go on', () => {
    for (let i = 0; i < PAIR_FAILURES - 1; i++) t.fail('Officer', '10.0.0.1');
    expect(t.check('officer', '10.0.0.1')).toBeNull();
    expect(t.fail('officer', '10.0.0.1')).toEqual(['account-client']);
    expect(t.check('OFFICER', '10.0.0.1')).toEqual({ retryAfterMs: WINDOW_MS, scope: 'account-client' });
    expect(t.check('officer', '10.0.0.2')).toBeNull();
    expect(t.check('someone-else', '10.0.0.1')).toBeNull();
    now += WINDOW_MS + 1;
    expect(t.check('officer', '10.0.0.1')).toBeNull();
  });

  it('refuses a client address after CLIENT_FAILURES failures over any usernames', () => {
    for (let i = 0; i < CLIENT_FAILURES; i++) t.fail(`user${i}`, '10.0.0.9');
    expect(t.check('admin', '10.0.0.9')).toMatchObject({ scope: 'client' });
    expect(t.check('admin', '10.0.0.10')).toBeNull();
  });

  it('never locks an account: many addresses failing only delay it progressively, at most ACCOUNT_MAX_DELAY_MS, and not for a known client', () => {
    t.succeed('admin', '192.168.1.5'); // the admin's usual workstation
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 20; i++) {
      t.fail('admin', `203.0.113.${i}`);
      now += 1;
    }
    const delayed = t.check('admin', '198.51.100.1');
    expect(delayed?.scope).toBe('account');
    expect(delayed!.retryAfterMs).toBeLessThanOrEqual(ACCOUNT_MAX_DELAY_MS);
    // after the delay the account may try again, although the attack went on for long
    now += ACCOUNT_MAX_DELAY_MS;
    expect(t.check('admin', '198.51.100.1')).toBeNull();
    // the admin's known workstation is not delayed at all
    now -= ACCOUNT_MAX_DELAY_MS;
    expect(t.check('admin', '192.168.1.5')).toBeNull();
  });

  it('a successful login clears the account failures', () => {
    for (let i = 0; i < PAIR_FAILURES - 1; i++) t.fail('analyst', '10.0.0.1');
    t.succeed('analyst', '10.0.0.1');
    t.fail('analyst', '10.0.0.1');
    expect(t.check('analyst', '10.0.0.1')).toBeNull();
  });
});
