import type { CardStatus } from './cards.js';

/** The appointment flags (DOMAIN §3.4), in the order they are shown. */
export const appointmentFlags = [
  'NO_CARD',
  'CARD_EXPIRED',
  'CARD_EXPIRING',
  'PAYMENT_DECLINED',
  'PLAN_BEHIND',
  'OVER_LIMIT',
  'NOT_SCHEDULED_NEXT',
  'DEPOSIT_UNPAID',
  'BALANCE_DUE',
] as const;

export type AppointmentFlag = (typeof appointmentFlags)[number];

/** "Missing payments" in the product's words. */
export const missingPaymentFlags: readonly AppointmentFlag[] = [
  'PAYMENT_DECLINED',
  'PLAN_BEHIND',
  'DEPOSIT_UNPAID',
];

/** The facts about one appointment's patient that decide its flags. */
export interface FlagFacts {
  cardStatus: CardStatus;
  /** An unpaid declined plan payment exists. */
  unpaidDecline: boolean;
  /** Some plan is behind (a declined payment or "not paid up"). */
  planBehind: boolean;
  /** A membership is over its limit in the current period. */
  overLimit: boolean;
  /** Nothing is booked after this appointment's date. */
  nothingBookedAfter: boolean;
  /** A pay-walled appointment still unpaid at its due time. */
  depositOverdue: boolean;
  patientBalanceCents: number;
  balanceThresholdCents: number;
}

/**
 * The flags of one appointment. A declined payment makes a plan behind, so both PAYMENT_DECLINED and
 * PLAN_BEHIND show: `--flag PLAN_BEHIND` must find every patient who owes plan money.
 */
export function flagsFor(f: FlagFacts): AppointmentFlag[] {
  const flags: AppointmentFlag[] = [];
  if (f.cardStatus === 'none') flags.push('NO_CARD');
  if (f.cardStatus === 'expired') flags.push('CARD_EXPIRED');
  if (f.cardStatus === 'expiring') flags.push('CARD_EXPIRING');
  if (f.unpaidDecline) flags.push('PAYMENT_DECLINED');
  if (f.planBehind) flags.push('PLAN_BEHIND');
  if (f.overLimit) flags.push('OVER_LIMIT');
  if (f.nothingBookedAfter) flags.push('NOT_SCHEDULED_NEXT');
  if (f.depositOverdue) flags.push('DEPOSIT_UNPAID');
  if (f.patientBalanceCents > f.balanceThresholdCents) flags.push('BALANCE_DUE');
  return flags;
}

/** Table colour of a flag: red for money and no-card problems, yellow for warnings. */
export function flagTone(flag: AppointmentFlag): 'red' | 'yellow' {
  return flag === 'CARD_EXPIRING' || flag === 'NOT_SCHEDULED_NEXT' || flag === 'OVER_LIMIT'
    ? 'yellow'
    : 'red';
}
