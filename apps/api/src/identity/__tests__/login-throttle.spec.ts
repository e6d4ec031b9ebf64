import { LoginThrottle, MAX_FAILURES, WINDOW_MS } from '../login-throttle';

describe('login throttle', () => {
  it('refuses a username after too many failures until they age out of the window', () => {
    let now = 1_000_000;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES - 1; i++) t.fail('Officer');
    expect(t.retryAfterMs('officer')).toBe(0);
    t.fail('officer');
    expect(t.retryAfterMs('OFFICER')).toBe(WINDOW_MS);
    expect(t.retryAfterMs('someone-else')).toBe(0);
    now += WINDOW_MS + 1;
    expect(t.retryAfterMs('officer')).toBe(0);
  });

  it('forgets failures after a successful login', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < MAX_FAILURES; i++) t.fail('analyst');
    t.succeed('analyst');
    expect(t.retryAfterMs('analyst')).toBe(0);
  });
});
