import { feelSyntaxError } from '../feel-check';

describe('FEEL condition check of the properties panel', () => {
  it('accepts conditions the engine evaluates, with or without a leading =', () => {
    for (const ok of ['approved = true', '=ketQuaKiemTra = "bo-sung"', 'amount > 1000 and region in ["HN", "HCM"]', '']) expect(feelSyntaxError(ok)).toBeNull();
  });
  it('names the position of a syntax error', () => {
    expect(feelSyntaxError('amount + * 2')).not.toBeNull();
    expect(feelSyntaxError('amount > (1000')).not.toBeNull();
  });
});
