import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { actRequest } from '../../src/sandbox/cli-act.js';

const options = { url: 'http://127.0.0.1:4010' };

describe('sandbox act arguments', () => {
  it('refuses counts and days that are not positive whole numbers (exit 2), before any call', () => {
    for (const [action, args] of [
      ['advance-clock', ['abc']],
      ['advance-clock', ['1.5']],
      ['touch', ['contacts', '-5']],
      ['fault', ['429', 'abc']],
      ['pay-now-link', ['pnl_1', '12.50']],
    ] as const) {
      expect(() => actRequest(action, [...args], options), `${action} ${args.join(' ')}`).toThrow(
        UsageError,
      );
    }
  });

  it('passes good numbers through, with the documented defaults', () => {
    expect(actRequest('advance-clock', ['30'], options).body).toEqual({ days: 30 });
    expect(actRequest('touch', ['contacts'], options).body).toEqual({
      resource: 'contacts',
      count: 1,
    });
    expect(actRequest('fault', ['503'], options).body).toEqual({ mode: '503', count: 1 });
    expect(actRequest('pay-now-link', ['pnl_1', '1250'], options).body).toEqual({
      id: 'pnl_1',
      amount_cents: 1250,
    });
  });
});
