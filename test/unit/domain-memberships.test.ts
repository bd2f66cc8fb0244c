import { describe, expect, it } from 'vitest';
import { membershipLabel, membershipPeriod, membershipUse } from '../../src/domain/memberships.js';
import type { VisitFact } from '../../src/domain/visits.js';

const v = (date: string, status: VisitFact['status']): VisitFact => ({ date, status });

describe('membershipPeriod', () => {
  it('is the calendar week or month containing the date', () => {
    expect(membershipPeriod('week', '2026-11-27')).toEqual({
      start: '2026-11-23',
      end: '2026-11-29',
    });
    expect(membershipPeriod('month', '2026-02-14')).toEqual({
      start: '2026-02-01',
      end: '2026-02-28',
    });
    expect(membershipPeriod('month', '2028-02-14')).toEqual({
      start: '2028-02-01',
      end: '2028-02-29',
    });
  });

  it('with the billing anchor starts on a billing date', () => {
    expect(membershipPeriod('month', '2026-11-27', 'billing', '2026-06-15')).toEqual({
      start: '2026-11-15',
      end: '2026-12-14',
    });
    expect(membershipPeriod('month', '2026-11-10', 'billing', '2026-06-15')).toEqual({
      start: '2026-10-15',
      end: '2026-11-14',
    });
    // Billing on the 31st: February periods clamp to the month end.
    expect(membershipPeriod('month', '2026-03-05', 'billing', '2026-01-31')).toEqual({
      start: '2026-02-28',
      end: '2026-03-30',
    });
    // A next run date in the future works as well as a past start date.
    expect(membershipPeriod('week', '2026-11-27', 'billing', '2026-12-02')).toEqual({
      start: '2026-11-25',
      end: '2026-12-01',
    });
  });
});

describe('membershipUse', () => {
  it('counts used and scheduled visits over a period that spans a DST change', () => {
    // US clocks go forward on Sunday 2026-03-08; the week Mon 03-02..Sun 03-08 and the month of March
    // must still hold all their days (a 23-hour day must not drop a visit at either edge).
    const visits = [
      v('2026-03-01', 'completed'), // previous week, but in March
      v('2026-03-02', 'completed'),
      v('2026-03-05', 'checked_in'),
      v('2026-03-08', 'future'), // Sunday of the DST change
      v('2026-03-09', 'future'), // next week
    ];
    const week = membershipUse({ visitsAllowed: 2, period: 'week' }, visits, '2026-03-06');
    expect(week.used).toBe(2);
    expect(week.scheduled).toBe(1);
    expect(week.overBy).toBe(1);
    expect(week.flags).toEqual(['over_limit']);
    expect(membershipLabel(week)).toBe('2+1/2');
    const month = membershipUse({ visitsAllowed: 8, period: 'month' }, visits, '2026-03-06');
    expect([month.used, month.scheduled]).toEqual([3, 2]);
    expect(month.flags).toEqual([]); // 5 days gone of 31: not under-used yet
  });

  it('raises no limit flag when the allowance is unknown', () => {
    const visits = [
      v('2026-11-03', 'completed'),
      v('2026-11-04', 'completed'),
      v('2026-12-01', 'future'),
    ];
    const use = membershipUse({ visitsAllowed: null, period: 'month' }, visits, '2026-11-27');
    expect(use.allowed).toBeNull();
    expect(use.overBy).toBe(0);
    expect(use.flags).toEqual([]);
    expect(membershipLabel(use)).toBe('2+0/?');
  });

  it('flags not_scheduled and under_used late in the period', () => {
    const visits = [v('2026-11-03', 'completed'), v('2026-11-27', 'future')];
    const use = membershipUse({ visitsAllowed: 4, period: 'month' }, visits, '2026-11-27');
    expect(use.used).toBe(1);
    expect(use.scheduled).toBe(1);
    expect(use.flags).toEqual(['not_scheduled', 'under_used']);
  });

  it('is not under-used at exactly half of the period', () => {
    // 30-day month: on the 16th, 15 days are gone = exactly half.
    const use = membershipUse(
      { visitsAllowed: 4, period: 'month' },
      [v('2026-11-20', 'future')],
      '2026-11-16',
    );
    expect(use.flags).toEqual([]);
    const later = membershipUse(
      { visitsAllowed: 4, period: 'month' },
      [v('2026-11-20', 'future')],
      '2026-11-17',
    );
    expect(later.flags).toEqual(['under_used']);
  });
});
