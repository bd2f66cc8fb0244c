import { describe, expect, it } from 'vitest';
import {
  planPayment,
  summarizePlans,
  type DeclineFact,
  type RecurringPlanFact,
} from '../../src/domain/plans.js';

function plan(over: Partial<RecurringPlanFact>): RecurringPlanFact {
  return {
    source: 'fortis',
    id: 'p1',
    cardId: 'c1',
    amountCents: 12_000,
    status: 'active',
    description: 'Corrective care',
    paidUp: null,
    paymentsShort: null,
    paymentsMade: 3,
    paymentsTotal: 12,
    intervalCount: 1,
    intervalUnit: 'month',
    startDate: '2026-08-01',
    endDate: null,
    nextRunDate: '2026-12-01',
    ...over,
  };
}

function decline(over: Partial<DeclineFact>): DeclineFact {
  return {
    planSource: 'fortis',
    planId: 'p1',
    status: 'unpaid',
    amountCents: 12_000,
    declinedAt: '2026-11-01T09:00:00Z',
    reasonText: 'Insufficient funds',
    reasonCode: '51',
    ...over,
  };
}

describe('planPayment', () => {
  it('is current when active with no unpaid decline (a plan with no end date)', () => {
    const p = planPayment(plan({ endDate: null }), [decline({ status: 'paid' })]);
    expect(p.status).toBe('current');
    expect(p.amountBehindCents).toBe(0);
    expect(p.lastDecline).toEqual({ date: '2026-11-01', reason: 'Insufficient funds' });
  });

  it('owes payments short × instalment when Cash Practice knows of more than the declines synced', () => {
    const p = planPayment(plan({ source: 'cashpractice', paidUp: 0, paymentsShort: 3 }), [
      decline({ planSource: 'cashpractice', amountCents: 12_000 }),
    ]);
    expect(p.status).toBe('behind');
    expect(p.amountBehindCents).toBe(36_000);
  });

  it('sums unpaid declines only, and reports the latest decline', () => {
    const p = planPayment(plan({}), [
      decline({ declinedAt: '2026-10-01T09:00:00Z', reasonText: 'Expired card' }),
      decline({
        declinedAt: '2026-11-01T09:00:00Z',
        amountCents: 6_000,
        reasonText: 'Do not honor',
      }),
      decline({ declinedAt: '2026-09-01T09:00:00Z', status: 'paid' }),
      decline({ planId: 'other', amountCents: 99_900 }),
    ]);
    expect(p.status).toBe('behind');
    expect(p.amountBehindCents).toBe(18_000);
    expect(p.lastDecline).toEqual({ date: '2026-11-01', reason: 'Do not honor' });
  });

  it('Cash Practice "not paid up" is behind by payments short × instalment', () => {
    const p = planPayment(
      plan({ source: 'cashpractice', paidUp: 0, paymentsShort: 2, amountCents: 8_500 }),
      [],
    );
    expect(p.status).toBe('behind');
    expect(p.amountBehindCents).toBe(17_000);
    expect(p.hasUnpaidDecline).toBe(false);
  });

  it('passes other statuses through', () => {
    expect(planPayment(plan({ status: 'on_hold' }), []).status).toBe('on_hold');
    expect(planPayment(plan({ status: 'completed' }), []).status).toBe('completed');
    expect(planPayment(plan({ status: 'not_started' }), []).status).toBe('not_started');
    expect(planPayment(plan({ status: 'ended', paidUp: 1 }), []).status).toBe('ended');
  });

  it('an ended plan that still owes money is behind', () => {
    expect(planPayment(plan({ status: 'ended' }), [decline({})]).status).toBe('behind');
  });
});

describe('summarizePlans', () => {
  it('shows the worst plan and sums what every plan owes', () => {
    const a = plan({ id: 'a', status: 'active' });
    const b = plan({
      id: 'b',
      source: 'cashpractice',
      paidUp: 0,
      paymentsShort: 1,
      amountCents: 5_000,
    });
    const c = plan({ id: 'c' });
    const s = summarizePlans([a, b, c], [decline({ planId: 'c', amountCents: 7_000 })]);
    expect(s.plan?.id).toBe('c'); // behind by more than b
    expect(s.amountBehindCents).toBe(12_000);
    expect(s.anyUnpaidDecline).toBe(true);
    expect(summarizePlans([], []).plan).toBeUndefined();
  });
});
