// Per-patient derivations shared by the reports: the rules of src/domain applied to loaded facts.
import { cardStatus, chooseCard, type CardStatus } from '../domain/cards.js';
import type { IsoDate } from '../domain/dates.js';
import { membershipUse, type MembershipUse, type PeriodAnchor } from '../domain/memberships.js';
import { summarizePlans, type PatientPlanSummary } from '../domain/plans.js';
import { hasVisitAfter, lastVisit, nextVisit } from '../domain/visits.js';
import {
  linkedPlan,
  type CardRow,
  type CarePlanFact,
  type PatientFacts,
  type PlanRow,
} from './facts.js';

/** Settings that change what the rules conclude (from config). */
export interface RuleSettings {
  expiringWithinDays: number;
  balanceThresholdCents: number;
  periodAnchor: PeriodAnchor;
}

export interface PatientView {
  card: CardRow | undefined;
  cardStatus: CardStatus;
  plans: PatientPlanSummary<PlanRow>;
  membership: { plan: CarePlanFact; use: MembershipUse } | undefined;
  nextVisit: IsoDate | undefined;
  lastVisit: IsoDate | undefined;
  /** Something is booked after the as-of date. */
  bookedAfter: boolean;
}

/** Whether a care plan runs on the date (no start/end means open-ended). */
export function isCurrent(
  plan: Pick<CarePlanFact, 'startDate' | 'endDate'>,
  asOf: IsoDate,
): boolean {
  return (plan.startDate ?? '0000-01-01') <= asOf && (plan.endDate ?? '9999-12-31') >= asOf;
}

/** The date a membership's billing periods count from: its billing plan's start or next run, else
 * its own start. */
export function membershipBillingDate(
  plan: Pick<CarePlanFact, 'processorPlanId' | 'upstreamId' | 'startDate'>,
  plans: ReadonlyArray<Pick<PlanRow, 'id' | 'carePlanRef' | 'startDate' | 'nextRunDate'>>,
): IsoDate | null {
  const billing = linkedPlan(plan, plans);
  return billing?.startDate ?? billing?.nextRunDate ?? plan.startDate;
}

/** Use of one membership as of a date, anchored on the calendar or on its billing dates. */
export function useOfMembership(
  plan: CarePlanFact,
  facts: PatientFacts,
  asOf: IsoDate,
  anchor: PeriodAnchor,
): MembershipUse {
  const billingDate = membershipBillingDate(plan, facts.plans);
  return membershipUse(plan, facts.visits, asOf, anchor, billingDate);
}

/** Everything the reports say about one patient as of a date. */
export function derivePatient(
  facts: PatientFacts,
  asOf: IsoDate,
  settings: RuleSettings,
): PatientView {
  const card = chooseCard(facts.cards, facts.plans) as CardRow | undefined;
  const membershipPlan = facts.carePlans.find((p) => p.kind === 'membership' && isCurrent(p, asOf));
  return {
    card,
    cardStatus: cardStatus(card, asOf, settings.expiringWithinDays),
    plans: summarizePlans(facts.plans, facts.declines),
    membership: membershipPlan
      ? {
          plan: membershipPlan,
          use: useOfMembership(membershipPlan, facts, asOf, settings.periodAnchor),
        }
      : undefined,
    nextVisit: nextVisit(facts.visits, asOf),
    lastVisit:
      facts.lastVisit === undefined
        ? lastVisit(facts.visits, asOf)
        : (facts.lastVisit ?? undefined),
    bookedAfter: hasVisitAfter(facts.visits, asOf),
  };
}
