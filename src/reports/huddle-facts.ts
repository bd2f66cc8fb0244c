// What the huddle list (`report appointments`) shows about each patient, loaded for a batch of
// patients at once (issue 7: a 3,000-row day cost 8× a bare `node -e 0`). Unlike loadFacts, which
// serves every report, it reads only the columns the list's cells and flags use, as raw rows
// (better-sqlite3 builds a named-key object per row at several times the cost of an array), and it
// leaves the visits in SQLite: "next visit", "booked after the date" and a membership period's used
// and scheduled visits are per-patient aggregates over the appointments_patient_visits index (not
// the ~18,000 future visits of the day's patients turned into objects).
import type { CardFact, ChoosableCard } from '../domain/cards.js';
import type { IsoDate } from '../domain/dates.js';
import {
  membershipPeriod,
  periodCounts,
  type MembershipCounts,
  type MembershipFact,
  type PeriodAnchor,
  type PeriodRange,
} from '../domain/memberships.js';
import type { DeclineFact, PlanPaymentFact, RecurringStatus } from '../domain/plans.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db.js';
import { isCurrent, membershipBillingDate } from './derive.js';
import {
  describedByEhrPlan,
  ids,
  num,
  str,
  type CarePlanFact,
  type InsuranceFact,
  type PatientInfo,
  type PlanRow,
} from './facts.js';

export type HuddlePatient = Pick<
  PatientInfo,
  'id' | 'account' | 'firstName' | 'lastName' | 'mobile'
>;

/** An active card: what chooses it and what its cell shows. */
export type HuddleCard = ChoosableCard &
  Pick<CardFact, 'brand' | 'lastFour' | 'expMonth' | 'expYear'>;

/** A recurring plan: its payment status, its card, its name and how it bills a membership. */
export type HuddlePlan = PlanPaymentFact &
  Pick<PlanRow, 'cardId' | 'description' | 'startDate' | 'nextRunDate' | 'carePlanRef'>;

/** A membership care plan (treatment plans are not shown by the list). */
export type HuddleMembership = MembershipFact &
  Pick<CarePlanFact, 'upstreamId' | 'processorPlanId' | 'startDate' | 'endDate'>;

/** What the list shows as of one date the patient is on it. */
export interface HuddleDay {
  date: IsoDate;
  /** The earliest `future` appointment on or after the date (the day's not-yet-seen visit counts). */
  next: IsoDate | undefined;
  /** A `future` appointment strictly after the date exists (the day's own visit does not count). */
  bookedAfter: boolean;
  /** The membership current on the date, counted over its period; undefined without one. */
  membership: MembershipCounts | undefined;
}

export interface HuddleFacts {
  patient: HuddlePatient;
  /** Active cards only: the only ones chooseCard picks from. */
  cards: HuddleCard[];
  plans: HuddlePlan[];
  declines: DeclineFact[];
  memberships: HuddleMembership[];
  /** One entry per date asked for, in the order asked. */
  days: HuddleDay[];
  insurance: Pick<InsuranceFact, 'carrier' | 'copayCents'> | undefined;
  patientBalanceCents: number;
  insuranceBalanceCents: number | null;
}

/** A patient's facts that do not depend on the date (what the huddle cache keeps). */
export type StaticHuddleFacts = Omit<HuddleFacts, 'days'>;

/**
 * A patient's visits in date order, 11 characters each: the date and 'f' (future) or 'u' (used:
 * checked in or completed), e.g. "2026-11-20u2026-11-27f". One string per patient, not an array of
 * pairs: no parsing and next to no garbage for a 300-row report.
 */
export type CachedVisits = string;

const VISIT = 11;

/** What the huddle cache (huddle-cache.ts) holds for a batch of patients, when it is fresh. */
export interface CachedHuddle {
  facts: ReadonlyMap<number, StaticHuddleFacts>;
  visits: ReadonlyMap<number, CachedVisits>;
  /** The first date the cached visits cover: earlier dates are counted in the index. */
  visitsFrom: IsoDate;
}

interface Statements {
  patients: Statement;
  cards: Statement;
  plans: Statement;
  declines: Statement;
  memberships: Statement;
  upcoming: Statement;
  periodCounts: Statement;
  insurance: Statement;
}

const cache = new WeakMap<Db, Statements>();

// The joins and their order are loadFacts' (see facts.ts), so rows come in the same order: the
// first active recurring plan's card and the first current membership win there as here.
function statements(db: Db): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    patients: db.prepare(
      `SELECT p.id, p.account, p.first_name, p.last_name, p.mobile,
              b.patient_balance_cents, b.insurance_balance_cents
       FROM patients p LEFT JOIN balances b ON b.patient_id = p.id
       WHERE p.id IN (${ids})`,
    ),
    cards: db.prepare(
      `SELECT l.patient_id, c.source, c.upstream_id, c.brand, c.last_four, c.exp_month, c.exp_year,
              c.is_default, c.created_at
       FROM patient_links l
       CROSS JOIN cards c ON c.source = l.source AND c.contact_id = l.upstream_id
       WHERE l.patient_id IN (${ids}) AND c.removed = 0 AND c.active = 1`,
    ),
    plans: db.prepare(
      `SELECT l.patient_id, r.source, r.upstream_id, r.card_id, r.amount_cents, r.status,
              r.description, r.paid_up, r.payments_short, r.start_date, r.next_run_date,
              r.care_plan_ref
       FROM patient_links l
       CROSS JOIN recurring_plans r ON r.source = l.source AND r.contact_id = l.upstream_id
       WHERE l.patient_id IN (${ids}) AND r.removed = 0`,
    ),
    // The declines of the plans just loaded ([source, plan id] pairs, in their order): loadFacts
    // joins links and plans again for them.
    declines: db.prepare(
      `SELECT j.key, d.status, d.amount_cents, d.declined_at, d.reason_text, d.reason_code
       FROM json_each(?) j
       CROSS JOIN declined_payments d ON d.source = j.value ->> 0 AND d.plan_id = j.value ->> 1
       WHERE d.removed = 0`,
    ),
    // loadFacts' care plan query restricted to memberships, with the same duplicate rule.
    memberships: db.prepare(
      `SELECT cp.patient_id, cp.upstream_id, cp.visits_allowed, cp.period, cp.start_date,
              cp.end_date, cp.processor_plan_id
       FROM care_plans cp
       WHERE cp.patient_id IN (${ids}) AND cp.removed = 0 AND cp.kind = 'membership'
       UNION ALL
       SELECT l.patient_id, cp.upstream_id, cp.visits_allowed, cp.period, cp.start_date,
              cp.end_date, cp.processor_plan_id
       FROM patient_links l
       CROSS JOIN care_plans cp ON cp.source = l.source AND cp.contact_id = l.upstream_id
       WHERE l.patient_id IN (${ids}) AND cp.patient_id IS NULL AND cp.removed = 0
         AND cp.kind = 'membership'
         AND NOT ${describedByEhrPlan}`,
    ),
    // Two seeks per patient in the (patient_id, local_date, status, removed) index.
    upcoming: db.prepare(
      `SELECT value,
              (SELECT min(a.local_date) FROM appointments a
               WHERE a.patient_id = value AND a.local_date >= ?
                 AND a.status = 'future' AND a.removed = 0),
              (SELECT min(a.local_date) FROM appointments a
               WHERE a.patient_id = value AND a.local_date > ?
                 AND a.status = 'future' AND a.removed = 0)
       FROM json_each(?)`,
    ),
    // Per [patient, as-of date, period start, period end]: the used visits (DOMAIN §3.3: completed
    // or checked in, as isUsed) and the scheduled ones (`future` on or after the as-of date, as
    // isUpcoming) of the period, counted in the index like membershipCounts counts loaded visits.
    periodCounts: db.prepare(
      `SELECT key,
              (SELECT count(*) FROM appointments a
               WHERE a.patient_id = value ->> 0
                 AND a.local_date BETWEEN value ->> 2 AND value ->> 3
                 AND a.status IN ('checked_in', 'completed') AND a.removed = 0),
              (SELECT count(*) FROM appointments a
               WHERE a.patient_id = value ->> 0
                 AND a.local_date BETWEEN max(value ->> 1, value ->> 2) AND value ->> 3
                 AND a.status = 'future' AND a.removed = 0)
       FROM json_each(?)`,
    ),
    insurance: db.prepare(
      `SELECT patient_id, priority, carrier, copay_cents FROM insurance WHERE patient_id IN (${ids})`,
    ),
  };
  for (const statement of Object.values(s)) statement.raw(true);
  cache.set(db, s);
  return s;
}

/** Patient ids by date: the list's dates, each with the patients it shows. */
function byDate(dates: ReadonlyMap<number, readonly IsoDate[]>): Map<IsoDate, number[]> {
  const out = new Map<IsoDate, number[]>();
  for (const [id, days] of dates) {
    for (const day of days) {
      const list = out.get(day);
      if (list) list.push(id);
      else out.set(day, [id]);
    }
  }
  return out;
}

/** A membership period to count, and where its counts go. */
interface PeriodJob {
  patientId: number;
  day: HuddleDay;
  membership: HuddleMembership;
  period: PeriodRange;
}

/**
 * Loads what the huddle list shows about a batch of patients, by patient id, for the dates each is
 * on the list (`dates`: patient id → the dates, each once); membership periods follow `anchor`. A
 * patient without a patients row is left out.
 */
export function loadHuddleFacts(
  db: Db,
  dates: ReadonlyMap<number, readonly IsoDate[]>,
  anchor: PeriodAnchor,
  /** What the huddle cache holds for these patients (huddle-cache.ts), when it is fresh. */
  cached?: CachedHuddle,
): Map<number, HuddleFacts> {
  const out = cached ? fromCache(cached.facts, dates) : loadStatic(db, dates);
  fillDays(db, out, dates, anchor, cached);
  return out;
}

/** Used visits and scheduled ones (future, from the as-of date) in a period, from cached visits. */
function countCached(visits: CachedVisits, asOf: IsoDate, period: PeriodRange): [number, number] {
  let used = 0;
  let scheduled = 0;
  const from = asOf > period.start ? asOf : period.start;
  for (let i = 0; i < visits.length; i += VISIT) {
    const date = visits.slice(i, i + 10);
    if (date > period.end) break;
    if (date < period.start) continue;
    if (visits[i + 10] === 'u') used++;
    else if (date >= from) scheduled++;
  }
  return [used, scheduled];
}

/** The first future visit on or after the date, and whether one is booked after it. */
function upcomingCached(visits: CachedVisits, date: IsoDate): [IsoDate | undefined, boolean] {
  let next: IsoDate | undefined;
  for (let i = 0; i < visits.length; i += VISIT) {
    if (visits[i + 10] !== 'f') continue;
    const d = visits.slice(i, i + 10);
    if (d < date) continue;
    next ??= d;
    if (d > date) return [next, true];
  }
  return [next, false];
}

/** The date-independent facts, from the huddle cache. */
function fromCache(
  cached: ReadonlyMap<number, StaticHuddleFacts>,
  dates: ReadonlyMap<number, readonly IsoDate[]>,
): Map<number, HuddleFacts> {
  const out = new Map<number, HuddleFacts>();
  for (const [id, days] of dates) {
    // Each call parses its own copy: it can take its per-date part in place.
    const f = cached.get(id) as HuddleFacts | undefined;
    if (!f) continue;
    f.days = emptyDays(days);
    out.set(id, f);
  }
  return out;
}

function emptyDays(days: readonly IsoDate[]): HuddleDay[] {
  return days.map((date) => ({ date, next: undefined, bookedAfter: false, membership: undefined }));
}

/** Fills in each patient's per-date facts: next visit, booked after, membership counts. */
function fillDays(
  db: Db,
  out: Map<number, HuddleFacts>,
  dates: ReadonlyMap<number, readonly IsoDate[]>,
  anchor: PeriodAnchor,
  cached: CachedHuddle | undefined,
): void {
  const s = statements(db);
  // The cached visits answer for a date when they reach back far enough; else the index does.
  const visitsOf = (id: number, from: IsoDate): CachedVisits | undefined =>
    cached && from >= cached.visitsFrom ? cached.visits.get(id) : undefined;
  const jobs: PeriodJob[] = [];
  for (const f of out.values()) {
    if (f.memberships.length === 0) continue;
    for (const day of f.days) {
      // As derivePatient: the first membership running on the date.
      const membership = f.memberships.find((p) => isCurrent(p, day.date));
      if (!membership) continue;
      const billingDate = membershipBillingDate(membership, f.plans);
      const period = membershipPeriod(membership.period ?? 'month', day.date, anchor, billingDate);
      const visits = visitsOf(f.patient.id, period.start);
      if (visits !== undefined) {
        const [used, scheduled] = countCached(visits, day.date, period);
        day.membership = periodCounts(membership, period, used, scheduled);
      } else jobs.push({ patientId: f.patient.id, day, membership, period });
    }
  }
  if (jobs.length > 0) {
    const key = JSON.stringify(
      jobs.map((j) => [j.patientId, j.day.date, j.period.start, j.period.end]),
    );
    for (const r of s.periodCounts.all(key) as unknown[][]) {
      const job = jobs[Number(r[0])];
      if (job)
        job.day.membership = periodCounts(job.membership, job.period, Number(r[1]), Number(r[2]));
    }
  }
  for (const [day, all] of byDate(dates)) {
    const patients: number[] = [];
    for (const id of all) {
      const visits = visitsOf(id, day);
      const d = visits === undefined ? undefined : out.get(id)?.days.find((x) => x.date === day);
      if (visits === undefined || !d) {
        patients.push(id);
        continue;
      }
      const [next, bookedAfter] = upcomingCached(visits, day);
      d.next = next;
      d.bookedAfter = bookedAfter;
    }
    if (patients.length === 0) continue;
    for (const r of s.upcoming.all(day, day, JSON.stringify(patients)) as unknown[][]) {
      const d = out.get(Number(r[0]))?.days.find((x) => x.date === day);
      if (!d) continue;
      d.next = r[1] === null ? undefined : String(r[1]);
      d.bookedAfter = r[2] !== null;
    }
  }
}

/** The date-independent facts, from the tables (each patient's `days` start unfilled). */
function loadStatic(
  db: Db,
  dates: ReadonlyMap<number, readonly IsoDate[]>,
): Map<number, HuddleFacts> {
  const s = statements(db);
  const key = JSON.stringify([...dates.keys()]);
  const out = new Map<number, HuddleFacts>();
  for (const r of s.patients.all(key) as unknown[][]) {
    const id = Number(r[0]);
    out.set(id, {
      patient: {
        id,
        account: str(r[1]),
        firstName: str(r[2]),
        lastName: str(r[3]),
        mobile: str(r[4]),
      },
      cards: [],
      plans: [],
      declines: [],
      memberships: [],
      days: emptyDays(dates.get(id) ?? []),
      insurance: undefined,
      patientBalanceCents: Number(r[5] ?? 0),
      insuranceBalanceCents: num(r[6]),
    });
  }
  for (const r of s.cards.all(key) as unknown[][]) {
    out.get(Number(r[0]))?.cards.push({
      source: String(r[1]),
      id: String(r[2]),
      brand: str(r[3]),
      lastFour: str(r[4]),
      expMonth: num(r[5]),
      expYear: num(r[6]),
      isDefault: Number(r[7]) === 1,
      active: true,
      createdAt: str(r[8]),
    });
  }
  const loaded: Array<[HuddleFacts, HuddlePlan]> = [];
  for (const r of s.plans.all(key) as unknown[][]) {
    const f = out.get(Number(r[0]));
    if (!f) continue;
    const plan: HuddlePlan = {
      source: String(r[1]),
      id: String(r[2]),
      cardId: str(r[3]),
      amountCents: Number(r[4] ?? 0),
      status: String(r[5]) as RecurringStatus,
      description: str(r[6]),
      paidUp: num(r[7]),
      paymentsShort: num(r[8]),
      startDate: str(r[9]),
      nextRunDate: str(r[10]),
      carePlanRef: str(r[11]),
    };
    f.plans.push(plan);
    loaded.push([f, plan]);
  }
  if (loaded.length > 0) {
    const plans = JSON.stringify(loaded.map(([, p]) => [p.source, p.id]));
    for (const r of s.declines.all(plans) as unknown[][]) {
      const entry = loaded[Number(r[0])];
      if (!entry) continue;
      const [f, plan] = entry;
      f.declines.push({
        planSource: plan.source,
        planId: plan.id,
        status: r[1] === 'paid' ? 'paid' : 'unpaid',
        amountCents: num(r[2]),
        declinedAt: str(r[3]),
        reasonText: str(r[4]),
        reasonCode: str(r[5]),
      });
    }
  }
  for (const r of s.memberships.all(key, key) as unknown[][]) {
    out.get(Number(r[0]))?.memberships.push({
      upstreamId: String(r[1]),
      visitsAllowed: num(r[2]),
      period: r[3] === 'week' ? 'week' : r[3] === 'month' ? 'month' : null,
      startDate: str(r[4]),
      endDate: str(r[5]),
      processorPlanId: str(r[6]),
    });
  }
  for (const r of s.insurance.all(key) as unknown[][]) {
    const f = out.get(Number(r[0]));
    // The primary policy wins; a secondary shows only when it is the only one.
    if (!f || (f.insurance && r[1] !== 'primary')) continue;
    f.insurance = { carrier: String(r[2]), copayCents: num(r[3]) };
  }
  return out;
}
