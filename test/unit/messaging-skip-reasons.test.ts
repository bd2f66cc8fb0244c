import { describe, expect, it } from 'vitest';
import { describeReasons } from '../../src/messaging/skip-reasons.js';

describe('skip reasons in words (blast plans and pay-wall summaries alike)', () => {
  it('turns the ledger keys into words, keeps unknown keys, drops zeros', () => {
    expect(
      describeReasons({
        no_sms_consent: 5,
        no_mobile: 1,
        quiet_hours: 2,
        odd_reason: 1,
        cooldown: 0,
      }),
    ).toBe('no SMS consent recorded 5, no mobile number 1, quiet hours 2, odd_reason 1');
    expect(describeReasons({})).toBe('none');
  });
});
