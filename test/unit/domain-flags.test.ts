import { describe, expect, it } from 'vitest';
import { flagsFor, type FlagFacts } from '../../src/domain/flags.js';
import { paceColour, weeklyPacing } from '../../src/domain/pacing.js';
import { paywallCheck } from '../../src/domain/paywall.js';
import type { VisitFact } from '../../src/domain/visits.js';

const calm: FlagFacts = {
  cardStatus: 'ok',
  unpaidDecline: false,
  planBehind: false,
  overLimit: false,
  nothingBookedAfter: false,
  depositOverdue: false,
  patientBalanceCents: 0,
  balanceThresholdCents: 0,
};

describe('flagsFor', () => {
  it('raises nothing for a patient in good standing', () => {
    expect(flagsFor(calm)).toEqual([]);
  });

  it('raises every flag in the documented order', () => {
    expect(
      flagsFor({
        ...calm,
        cardStatus: 'expired',
        unpaidDecline: true,
        planBehind: true,
        overLimit: true,
        nothingBookedAfter: true,
        depositOverdue: true,
        patientBalanceCents: 1,
      }),
    ).toEqual([
      'CARD_EXPIRED',
      'PAYMENT_DECLINED',
      'PLAN_BEHIND',
      'OVER_LIMIT',
      'NOT_SCHEDULED_NEXT',
      'DEPOSIT_UNPAID',
      'BALANCE_DUE',
    ]);
    expect(flagsFor({ ...calm, cardStatus: 'none' })).toEqual(['NO_CARD']);
    expect(flagsFor({ ...calm, cardStatus: 'expiring' })).toEqual(['CARD_EXPIRING']);
  });

  it('BALANCE_DUE only above the threshold', () => {
    expect(flagsFor({ ...calm, patientBalanceCents: 5_000, balanceThresholdCents: 5_000 })).toEqual(
      [],
    );
    expect(flagsFor({ ...calm, patientBalanceCents: 5_001, balanceThresholdCents: 5_000 })).toEqual(
      ['BALANCE_DUE'],
    );
  });
});

describe('paywallCheck', () => {
  const rule = { amountCents: 7_500, mode: 'deposit' as const, dueWithinMinutes: 24 * 60 };
  const start = '2026-11-28T15:00:00Z';
  it('is unpaid but not yet overdue before start − due-within', () => {
    expect(paywallCheck(rule, false, start, new Date('2026-11-27T14:59:00Z'))).toEqual({
      state: 'unpaid',
      overdue: false,
    });
  });
  it('is overdue from start − due-within on', () => {
    expect(paywallCheck(rule, false, start, new Date('2026-11-27T15:00:00Z')).overdue).toBe(true);
  });
  it('paid or no rule is never overdue', () => {
    expect(paywallCheck(rule, true, start, new Date('2026-11-29T00:00:00Z'))).toEqual({
      state: 'paid',
      overdue: false,
    });
    expect(paywallCheck(undefined, false, start, new Date('2026-11-29T00:00:00Z'))).toEqual({
      state: '',
      overdue: false,
    });
  });
});

describe('weeklyPacing', () => {
  const v = (date: string, status: VisitFact['status']): VisitFact => ({ date, status });
  it('colours the current week and the four before it', () => {
    const visits = [
      v('2026-10-26', 'completed'), // week of Oct 26: 2 visits
      v('2026-10-29', 'completed'),
      v('2026-11-02', 'missed'), // week of Nov 2: 0 used
      v('2026-11-09', 'completed'), // week of Nov 9: 1
      v('2026-11-16', 'completed'), // week of Nov 16: 3
      v('2026-11-18', 'completed'),
      v('2026-11-20', 'checked_in'),
      v('2026-11-24', 'completed'), // this week: 1 used + 1 scheduled
      v('2026-11-28', 'future'),
      v('2026-11-30', 'future'), // next week: ignored
      v('2026-10-25', 'completed'), // too old: ignored
    ];
    const weeks = weeklyPacing(visits, '2026-11-27', 2);
    expect(weeks.map((w) => [w.start, w.visits, w.colour])).toEqual([
      ['2026-10-26', 2, 'green'],
      ['2026-11-02', 0, 'red'],
      ['2026-11-09', 1, 'yellow'],
      ['2026-11-16', 3, 'green'],
      ['2026-11-23', 2, 'green'],
    ]);
  });
  it('a missing target counts as one visit per week', () => {
    expect(paceColour(1, 0)).toBe('green');
    expect(paceColour(0, 3)).toBe('red');
    expect(paceColour(2, 3)).toBe('yellow');
  });
});
