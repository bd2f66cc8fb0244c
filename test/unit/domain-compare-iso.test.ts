import { describe, expect, it } from 'vitest';
import { compareIso } from '../../src/domain/dates.js';

describe('compareIso', () => {
  it('orders dates and instants chronologically, absent values first', () => {
    const values = [
      '2026-03-01T10:00:00Z',
      null,
      '2025-12-31',
      '2026-03-01',
      '2026-02-28T23:59:59.999Z',
    ];
    expect([...values].sort(compareIso)).toEqual([
      null,
      '2025-12-31',
      '2026-02-28T23:59:59.999Z',
      '2026-03-01',
      '2026-03-01T10:00:00Z',
    ]);
    expect(compareIso(undefined, '2026-01-01')).toBe(-1);
    expect(compareIso('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareIso('2026-01-10', '2026-01-09')).toBe(1);
  });
});
