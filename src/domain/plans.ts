import { compareIso, type IsoDate } from './dates.js';

export type RecurringStatus = 'not_started' | 'active' | 'on_hold' | 'ended' | 'completed';
export type PlanPaymentStatus = 'behind' | 'current' | Exclude<RecurringStatus, 'active'>;
export const planPaymentStatuses: readonly PlanPaymentStatus[] = [
  'behind',
  'current',
  'not_started',
  'on_hold',
  'ended',
  'completed',
];

/** A recurring plan (Fortis recurring / Cash Practice auto-debit) as the rules see it. */
export interface RecurringPlanFact {
  source: string;
  id: string;
  cardId: string | null;
  amountCents: number;
  status: RecurringStatus;
  description: string | null;
  /** Cash Practice "paid up to date": 0 = not paid up, null = unknown (Fortis). */
  paidUp: number | null;
  paymentsShort: number | null;
  paymentsMade: number | null;
  paymentsTotal: number | null;
  intervalCount: number | null;
  intervalUnit: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  nextRunDate: IsoDate | null;
}

/** The part of a recurring plan its payment status is computed from. */
export type PlanPaymentFact = Pick<
  RecurringPlanFact,
  'source' | 'id' | 'amountCents' | 'status' | 'paidUp' | 'paymentsShort'
>;

/** A declined plan payment; `unpaid` until a later payment cures it. */
export interface DeclineFact {
  planSource: string;
  planId: string;
  status: 'unpaid' | 'paid';
  amountCents: number | null;
  declinedAt: string | null;
  reasonText: string | null;
  reasonCode: string | null;
}

export interface PlanPayment {
  status: PlanPaymentStatus;
  amountBehindCents: number;
  /** Date (YYYY-MM-DD) and reason of the latest declined payment of the plan, paid or not. */
  lastDecline: { date: IsoDate | null; reason: string } | undefined;
  hasUnpaidDecline: boolean;
}

/**
 * Payment status of one plan (DOMAIN §3.2). Behind = an unpaid declined payment, or Cash Practice's
 * "not paid up"; the amount is the sum of unpaid declined amounts (a decline without an amount
 * counts one instalment), or payments short × instalment when that is more. Money still owed makes a plan behind
 * whatever its status (an ended plan can still owe).
 */
export function planPayment(plan: PlanPaymentFact, declines: readonly DeclineFact[]): PlanPayment {
  const own = declines.filter((d) => d.planSource === plan.source && d.planId === plan.id);
  const unpaid = own.filter((d) => d.status === 'unpaid');
  const declined = unpaid.reduce((sum, d) => sum + (d.amountCents ?? plan.amountCents), 0);
  const notPaidUp = plan.paidUp === 0;
  // Cash Practice knows how many payments are short even when fewer declines were synced.
  const short = notPaidUp ? Math.max(1, plan.paymentsShort ?? 1) * plan.amountCents : 0;
  const amountBehindCents = Math.max(declined, short);
  const latest = [...own].sort((a, b) => compareIso(b.declinedAt, a.declinedAt))[0];
  const behind = unpaid.length > 0 || notPaidUp;
  return {
    status: behind ? 'behind' : plan.status === 'active' ? 'current' : plan.status,
    amountBehindCents: behind ? amountBehindCents : 0,
    lastDecline: latest
      ? {
          date: latest.declinedAt ? latest.declinedAt.slice(0, 10) : null,
          reason: latest.reasonText ?? latest.reasonCode ?? 'declined',
        }
      : undefined,
    hasUnpaidDecline: unpaid.length > 0,
  };
}

const statusRank: Record<PlanPaymentStatus, number> = {
  behind: 0,
  current: 1,
  on_hold: 2,
  not_started: 3,
  completed: 4,
  ended: 5,
};

export interface PatientPlanSummary<P extends PlanPaymentFact = RecurringPlanFact> {
  /** The plan that speaks for the patient: the worst-off one (behind, then current, …). */
  plan: P | undefined;
  payment: PlanPayment | undefined;
  /** Sum over every plan of the patient. */
  amountBehindCents: number;
  anyUnpaidDecline: boolean;
  anyBehind: boolean;
}

/** Rolls a patient's plans up into one status (the worst) and one amount behind (the sum). */
export function summarizePlans<P extends PlanPaymentFact>(
  plans: readonly P[],
  declines: readonly DeclineFact[],
): PatientPlanSummary<P> {
  let best: { plan: P; payment: PlanPayment } | undefined;
  let amount = 0;
  let anyUnpaidDecline = false;
  let anyBehind = false;
  for (const plan of plans) {
    const payment = planPayment(plan, declines);
    amount += payment.amountBehindCents;
    anyUnpaidDecline ||= payment.hasUnpaidDecline;
    anyBehind ||= payment.status === 'behind';
    if (
      !best ||
      statusRank[payment.status] < statusRank[best.payment.status] ||
      (statusRank[payment.status] === statusRank[best.payment.status] &&
        payment.amountBehindCents > best.payment.amountBehindCents)
    ) {
      best = { plan, payment };
    }
  }
  return {
    plan: best?.plan,
    payment: best?.payment,
    amountBehindCents: amount,
    anyUnpaidDecline,
    anyBehind,
  };
}
