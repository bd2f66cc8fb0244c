import { describe, expect, it } from 'vitest';
import { cutoffFor } from '../../../src/domain/purge-cutoff.js';
import { parseAge } from '../../../src/domain/age.js';
import { UsageError } from '../../../src/errors.js';

describe('--older-than', () => {
  it('accepts years, months and days', () => {
    expect(parseAge('3y')).toEqual({ amount: 3, unit: 'years', text: '3y' });
    expect(parseAge('18m')).toEqual({ amount: 18, unit: 'months', text: '18m' });
    expect(parseAge(' 90D ')).toEqual({ amount: 90, unit: 'days', text: '90d' });
  });

  it('rejects anything else with exit 2', () => {
    for (const bad of ['', '3', 'y', '0y', '3w', '-1y', '1.5y', 'three years']) {
      expect(() => parseAge(bad), bad).toThrow(UsageError);
    }
  });
});

describe('cutoffFor', () => {
  it('subtracts in the practice time zone', () => {
    // 03:00 UTC on 10 March is still 9 March in Chicago.
    const at = new Date('2026-03-10T03:00:00Z');
    expect(cutoffFor(at, 'America/Chicago', parseAge('3y'))).toEqual({
      // 22:00 local on both days: CDT (UTC-5) in 2026, still CST (UTC-6) on 9 March 2023.
      instant: '2023-03-10T04:00:00.000Z',
      date: '2023-03-09',
    });
    expect(cutoffFor(at, 'UTC', parseAge('18m')).date).toBe('2024-09-10');
    expect(cutoffFor(at, 'UTC', parseAge('90d')).date).toBe('2025-12-10');
  });
});
