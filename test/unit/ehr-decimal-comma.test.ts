import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../src/ehr-import/values.js';

describe('amounts of European exports (--decimal-comma)', () => {
  it.each([
    ['12,50', 1250],
    ['1.250,50', 125050],
    ['125', 12500],
    ['€ 1.234.567,8', 123456780],
    [',75', 75],
  ])('reads %s as %i cents', (raw, cents) => {
    expect(parseMoney(raw, false, true)).toEqual({ ok: true, value: cents });
  });

  it('keeps negatives and rejects US-style or malformed amounts', () => {
    expect(parseMoney('-12,50', true, true)).toEqual({ ok: true, value: -1250 });
    expect(parseMoney('(1.250,00)', true, true)).toEqual({ ok: true, value: -125000 });
    for (const raw of ['1,250.50', '12,505', '1.25'])
      expect(parseMoney(raw, true, true).ok).toBe(false);
  });

  it('without the flag, 12,50 is still rejected, and the reason names the flag', () => {
    expect(parseMoney('12,50', false)).toEqual({
      ok: false,
      reason: 'is not an amount: for a decimal comma (12,50) pass --decimal-comma',
    });
    expect(parseMoney('1.250,50', false)).toMatchObject({
      reason: expect.stringContaining('--decimal-comma'),
    });
  });
});
