import {
  addDays,
  addMonths,
  daysBetween,
  endOfMonth,
  endOfWeek,
  startOfMonth,
  startOfWeek,
  type IsoDate,
} from './dates.js';
import { hasVisitAfter, isUpcoming, isUsed, type VisitFact } from './visits.js';

export type MembershipPeriod = 'week' | 'month';
export type PeriodAnchor = 'calendar' | 'billing';
export type MembershipFlag = 'over_limit' | 'not_scheduled' | 'under_used';
export const membershipFlags: readonly MembershipFlag[] = [
  'over_limit',
  'not_scheduled',
  'under_used',
];

export interface MembershipFact {
  visitsAllowed: number | null;
  period: MembershipPeriod | null;
}

/** First and last day (inclusive) of a membership period. */
export interface PeriodRange {
  start: IsoDate;
  end: IsoDate;
}

/**
 * The period containing the date: the calendar week (Monday..Sunday) or month by default; with the
 * `billing` anchor, the week/month that starts on a billing date (`billingDate` is any billing date
 * of the plan, e.g. its start or next run date; month steps clamp to the month's end).
 */
export function membershipPeriod(
  period: MembershipPeriod,
  asOf: IsoDate,
  anchor: PeriodAnchor = 'calendar',
  billingDate?: IsoDate | null,
): PeriodRange {
  if (anchor === 'billing' && billingDate) {
    if (period === 'week') {
      const offset = ((daysBetween(billingDate, asOf) % 7) + 7) % 7;
      const start = addDays(asOf, -offset);
      return { start, end: addDays(start, 6) };
    }
    // Whole months between the billing date and asOf, then step back if we overshot.
    const months =
      (Number(asOf.slice(0, 4)) - Number(billingDate.slice(0, 4))) * 12 +
      Number(asOf.slice(5, 7)) -
      Number(billingDate.slice(5, 7));
    let start = addMonths(billingDate, months);
    let k = months;
    while (start > asOf) start = addMonths(billingDate, --k);
    while (addMonths(billingDate, k + 1) <= asOf) start = addMonths(billingDate, ++k);
    return { start, end: addDays(addMonths(billingDate, k + 1), -1) };
  }
  return period === 'week'
    ? { start: startOfWeek(asOf), end: endOfWeek(asOf) }
    : { start: startOfMonth(asOf), end: endOfMonth(asOf) };
}

/** The counts of a membership period: what the membership's limit is checked against. */
export interface MembershipCounts {
  /** Visits allowed per period; null when neither the EHR nor a rule says (no limit flags then). */
  allowed: number | null;
  used: number;
  scheduled: number;
  /** How many visits over the limit (used + scheduled − allowed), 0 when within it. */
  overBy: number;
  period: PeriodRange;
}

export interface MembershipUse extends MembershipCounts {
  flags: MembershipFlag[];
}

/**
 * The counts of a membership period from its used visits (completed or checked in) and scheduled
 * ones (`future`, on or after the as-of date), however they were counted.
 */
export function periodCounts(
  membership: MembershipFact,
  period: PeriodRange,
  used: number,
  scheduled: number,
): MembershipCounts {
  const allowed = membership.visitsAllowed;
  const overBy = allowed === null ? 0 : Math.max(0, used + scheduled - allowed);
  return { allowed, used, scheduled, overBy, period };
}

/**
 * Used and scheduled visits of a membership in the period containing the date (DOMAIN §3.3): only
 * the visits of that period are read, so a caller may pass just those.
 */
export function membershipCounts(
  membership: MembershipFact,
  visits: readonly VisitFact[],
  asOf: IsoDate,
  anchor: PeriodAnchor = 'calendar',
  billingDate?: IsoDate | null,
): MembershipCounts {
  const period = membershipPeriod(membership.period ?? 'month', asOf, anchor, billingDate);
  let used = 0;
  let scheduled = 0;
  for (const v of visits) {
    if (v.date < period.start || v.date > period.end) continue;
    if (isUsed(v)) used++;
    else if (isUpcoming(v, asOf)) scheduled++;
  }
  return periodCounts(membership, period, used, scheduled);
}

/**
 * Use of a membership in the period containing the date (DOMAIN §3.3). `over_limit` when used +
 * scheduled > allowed; `not_scheduled` when nothing is booked after the date; `under_used` when more
 * than half of the period is gone (days before the as-of date; the report runs in the morning) and
 * used + scheduled < allowed.
 */
export function membershipUse(
  membership: MembershipFact,
  visits: readonly VisitFact[],
  asOf: IsoDate,
  anchor: PeriodAnchor = 'calendar',
  billingDate?: IsoDate | null,
): MembershipUse {
  const { allowed, used, scheduled, overBy, period } = membershipCounts(
    membership,
    visits,
    asOf,
    anchor,
    billingDate,
  );
  const flags: MembershipFlag[] = [];
  if (overBy > 0) flags.push('over_limit');
  if (!hasVisitAfter(visits, asOf)) flags.push('not_scheduled');
  const length = daysBetween(period.start, period.end) + 1;
  const gone = daysBetween(period.start, asOf);
  if (allowed !== null && gone * 2 > length && used + scheduled < allowed) flags.push('under_used');
  return { allowed, used, scheduled, overBy, period, flags };
}

/** How membership use is shown: "used+scheduled/allowed", e.g. "2+1/4". */
export function membershipLabel(
  use: Pick<MembershipCounts, 'used' | 'scheduled' | 'allowed'>,
): string {
  return `${use.used}+${use.scheduled}/${use.allowed ?? '?'}`;
}
