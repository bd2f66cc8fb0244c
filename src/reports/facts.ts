// Set-based loading of everything the reports derive from, for a batch of patients at once: one
// query per kind of fact, keyed by patient id (never one query per row). Processor records reach
// their patient through patient_links (source, upstream_id) → patient_id. CROSS JOIN pins the join
// order (links of the batch first, then the processor rows by their contact index): without
// statistics SQLite once chose to scan every declined payment per link, 500× slower.
import type { CardFact } from '../domain/cards.js';
import type { DeclineFact, RecurringPlanFact, RecurringStatus } from '../domain/plans.js';
import type { AppointmentStatus, VisitFact } from '../domain/visits.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db.js';

/** A card plus what the cards report shows about it. */
export interface CardRow extends CardFact {
  method: string;
  hasRecurring: boolean;
  modifiedAt: string | null;
  /** How the card was last updated: `patient_link`, `account_updater`, `manual`, or null. */
  updatedHow: string | null;
  updatedAt: string | null;
}

/** A treatment plan or membership (EHR plans import or Cash Practice care plan). */
export interface CarePlanFact {
  id: number;
  source: string;
  upstreamId: string;
  kind: 'treatment' | 'membership';
  name: string;
  totalVisits: number | null;
  visitsAllowed: number | null;
  period: 'week' | 'month' | null;
  targetPerWeek: number | null;
  startDate: string | null;
  endDate: string | null;
  careStatus: string | null;
  processorPlanId: string | null;
}

/** A recurring plan plus the fields only reports need. */
export interface PlanRow extends RecurringPlanFact {
  planType: string | null;
  carePlanRef: string | null;
}

export interface InsuranceFact {
  carrier: string;
  plan: string | null;
  copayCents: number | null;
  coverageEnd: string | null;
}

/** Which appointments loadFacts reads as visits. */
export interface VisitWindow {
  /** Only visits on or after this date ('' = all of them; 'none' = skip the query). */
  visitsFrom?: string;
  /** Also find the last used visit on or before this date with an index-only aggregate, so the
   * history before `visitsFrom` need not be loaded for it. */
  lastVisitAsOf?: string;
}

export interface PatientFacts {
  cards: CardRow[];
  plans: PlanRow[];
  declines: DeclineFact[];
  carePlans: CarePlanFact[];
  /** Appointments that are or may become visits (future, checked in, completed); only those on or
   * after `visitsFrom` when loadFacts was given one. */
  visits: VisitFact[];
  /** Set when loadFacts was asked for it (null: no visit yet); undefined: derive it from `visits`. */
  lastVisit: string | null | undefined;
  insurance: InsuranceFact | undefined;
  patientBalanceCents: number;
  insuranceBalanceCents: number | null;
}

/** The patient columns every report shows. */
export interface PatientInfo {
  id: number;
  account: string | null;
  firstName: string | null;
  lastName: string | null;
  mobile: string | null;
  email: string | null;
  active: boolean;
  location: string | null;
  caseType: string | null;
  tags: string[];
}

/** "First Last" (or whatever part is known). */
export function patientName(
  p: Pick<PatientInfo, 'id' | 'account' | 'firstName' | 'lastName'>,
): string {
  // A patient created from an appointment row (--create-missing-patients) has only an account
  // until the next patients file; the cache's row id means nothing to the front desk.
  return (
    [p.firstName, p.lastName].filter((s) => s).join(' ') ||
    (p.account ? `(account ${p.account})` : `#${p.id}`)
  );
}

/** The ids of a batch, passed as one JSON array parameter: `WHERE x IN (${ids})`. */
export const ids = 'SELECT value FROM json_each(?)';

/**
 * A processor care plan `cp` (reached through the link `l`) that the EHR plans file already
 * describes for the same patient: counted once. The EHR row names the processor plan when one
 * bills it; a plan nobody bills (paid per visit) has no id to share, so the same kind, name and
 * start date mean the same plan.
 */
export const describedByEhrPlan = `EXISTS (
           SELECT 1 FROM care_plans e
           WHERE e.patient_id = l.patient_id AND e.removed = 0
             AND ((e.processor_plan_id IS NOT NULL AND e.processor_plan_id = cp.processor_plan_id)
               OR (e.kind = cp.kind AND e.start_date = cp.start_date
                   AND lower(trim(e.name)) = lower(trim(cp.name))))
         )`;

interface Statements {
  patients: Statement;
  cards: Statement;
  plans: Statement;
  declines: Statement;
  carePlans: Statement;
  visits: Statement;
  lastVisits: Statement;
  insurance: Statement;
  balances: Statement;
}

const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    patients: db.prepare(
      `SELECT id, account, first_name, last_name, mobile, email, active, location, case_type, tags
       FROM patients WHERE id IN (${ids})`,
    ),
    cards: db.prepare(
      `SELECT l.patient_id AS pid, c.source, c.upstream_id, c.method, c.brand, c.last_four,
              c.exp_month, c.exp_year, c.is_default, c.active, c.has_recurring,
              c.account_updater_at, c.created_at, c.modified_at,
              (SELECT u.how FROM card_updates u WHERE u.source = c.source AND u.new_card_id = c.upstream_id) AS how,
              (SELECT u.at FROM card_updates u WHERE u.source = c.source AND u.new_card_id = c.upstream_id) AS how_at
       FROM patient_links l
       CROSS JOIN cards c ON c.source = l.source AND c.contact_id = l.upstream_id
       WHERE l.patient_id IN (${ids}) AND c.removed = 0`,
    ),
    plans: db.prepare(
      `SELECT l.patient_id AS pid, r.source, r.upstream_id, r.card_id, r.amount_cents, r.status,
              r.description, r.paid_up, r.payments_short, r.payments_made, r.payments_total,
              r.interval_count, r.interval_unit, r.start_date, r.end_date, r.next_run_date,
              r.plan_type, r.care_plan_ref
       FROM patient_links l
       CROSS JOIN recurring_plans r ON r.source = l.source AND r.contact_id = l.upstream_id
       WHERE l.patient_id IN (${ids}) AND r.removed = 0`,
    ),
    declines: db.prepare(
      `SELECT l.patient_id AS pid, d.source, d.plan_id, d.status, d.amount_cents, d.declined_at,
              d.reason_text, d.reason_code
       FROM patient_links l
       CROSS JOIN recurring_plans r ON r.source = l.source AND r.contact_id = l.upstream_id
       CROSS JOIN declined_payments d ON d.source = r.source AND d.plan_id = r.upstream_id
       WHERE l.patient_id IN (${ids}) AND d.removed = 0 AND r.removed = 0`,
    ),
    carePlans: db.prepare(
      `SELECT cp.patient_id AS pid, cp.* FROM care_plans cp
       WHERE cp.patient_id IN (${ids}) AND cp.removed = 0
       UNION ALL
       SELECT l.patient_id AS pid, cp.* FROM patient_links l
       CROSS JOIN care_plans cp ON cp.source = l.source AND cp.contact_id = l.upstream_id
       WHERE l.patient_id IN (${ids}) AND cp.patient_id IS NULL AND cp.removed = 0
         AND NOT ${describedByEhrPlan}`,
    ),
    // `local_date >= ?` lets a report that needs only recent visits skip the history ('' = all).
    visits: db.prepare(
      `SELECT patient_id AS pid, local_date, status FROM appointments
       WHERE patient_id IN (${ids}) AND local_date >= ? AND removed = 0
         AND status IN ('future', 'checked_in', 'completed')`,
    ),
    lastVisits: db.prepare(
      `SELECT patient_id AS pid, max(local_date) AS last FROM appointments
       WHERE patient_id IN (${ids}) AND local_date <= ? AND removed = 0
         AND status IN ('checked_in', 'completed')
       GROUP BY patient_id`,
    ),
    insurance: db.prepare(
      `SELECT patient_id AS pid, priority, carrier, plan, copay_cents, coverage_end FROM insurance
       WHERE patient_id IN (${ids})`,
    ),
    balances: db.prepare(
      `SELECT patient_id AS pid, patient_balance_cents, insurance_balance_cents FROM balances
       WHERE patient_id IN (${ids})`,
    ),
  };
  cache.set(db, s);
  return s;
}

type Row = Record<string, unknown>;
/** A nullable SQL value as text. */
export const str = (v: unknown): string | null =>
  v === null || v === undefined ? null : String(v);
/** A nullable SQL value as a number. */
export const num = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

/** Reads the patient rows of the given ids (any order). */
export function loadPatients(db: Db, patientIds: readonly number[]): Map<number, PatientInfo> {
  const out = new Map<number, PatientInfo>();
  for (const r of statements(db).patients.all(JSON.stringify(patientIds)) as Row[]) {
    const id = Number(r.id);
    out.set(id, {
      id,
      account: str(r.account),
      firstName: str(r.first_name),
      lastName: str(r.last_name),
      mobile: str(r.mobile),
      email: str(r.email),
      active: Number(r.active) === 1,
      location: str(r.location),
      caseType: str(r.case_type),
      tags: String(r.tags ?? '')
        .split(/[,;]/)
        .map((t) => t.trim())
        .filter((t) => t),
    });
  }
  return out;
}

/**
 * Loads every fact of the given patients: a handful of set-based queries whatever the number of
 * ids. The window skips older appointments: most reports need only the current membership period
 * and what is booked next, not years of history (on a 600,000-appointment cache, turning those rows
 * into objects was most of a report's time).
 */
export function loadFacts(
  db: Db,
  patientIds: readonly number[],
  window: VisitWindow = {},
): Map<number, PatientFacts> {
  const visitsFrom = window.visitsFrom ?? '';
  const s = statements(db);
  const key = JSON.stringify(patientIds);
  const out = new Map<number, PatientFacts>();
  const get = (pid: unknown): PatientFacts => {
    const id = Number(pid);
    let f = out.get(id);
    if (!f) {
      f = {
        cards: [],
        plans: [],
        declines: [],
        carePlans: [],
        visits: [],
        lastVisit: window.lastVisitAsOf === undefined ? undefined : null,
        insurance: undefined,
        patientBalanceCents: 0,
        insuranceBalanceCents: null,
      };
      out.set(id, f);
    }
    return f;
  };
  for (const id of patientIds) get(id);
  for (const r of s.cards.all(key) as Row[]) {
    const updatedHow = str(r.how) ?? (r.account_updater_at ? 'account_updater' : null);
    get(r.pid).cards.push({
      source: String(r.source),
      id: String(r.upstream_id),
      method: String(r.method ?? 'cc'),
      brand: str(r.brand),
      lastFour: str(r.last_four),
      expMonth: num(r.exp_month),
      expYear: num(r.exp_year),
      isDefault: Number(r.is_default) === 1,
      active: Number(r.active) === 1,
      hasRecurring: Number(r.has_recurring) === 1,
      createdAt: str(r.created_at),
      accountUpdaterAt: str(r.account_updater_at),
      modifiedAt: str(r.modified_at),
      updatedHow,
      updatedAt: str(r.how_at) ?? str(r.account_updater_at),
    });
  }
  for (const r of s.plans.all(key) as Row[]) {
    get(r.pid).plans.push({
      source: String(r.source),
      id: String(r.upstream_id),
      cardId: str(r.card_id),
      amountCents: Number(r.amount_cents ?? 0),
      status: String(r.status) as RecurringStatus,
      description: str(r.description),
      paidUp: num(r.paid_up),
      paymentsShort: num(r.payments_short),
      paymentsMade: num(r.payments_made),
      paymentsTotal: num(r.payments_total),
      intervalCount: num(r.interval_count),
      intervalUnit: str(r.interval_unit),
      startDate: str(r.start_date),
      endDate: str(r.end_date),
      nextRunDate: str(r.next_run_date),
      planType: str(r.plan_type),
      carePlanRef: str(r.care_plan_ref),
    });
  }
  for (const r of s.declines.all(key) as Row[]) {
    get(r.pid).declines.push({
      planSource: String(r.source),
      planId: String(r.plan_id),
      status: r.status === 'paid' ? 'paid' : 'unpaid',
      amountCents: num(r.amount_cents),
      declinedAt: str(r.declined_at),
      reasonText: str(r.reason_text),
      reasonCode: str(r.reason_code),
    });
  }
  for (const r of s.carePlans.all(key, key) as Row[]) {
    get(r.pid).carePlans.push({
      id: Number(r.id),
      source: String(r.source),
      upstreamId: String(r.upstream_id),
      kind: r.kind === 'membership' ? 'membership' : 'treatment',
      name: String(r.name),
      totalVisits: num(r.total_visits),
      visitsAllowed: num(r.visits_allowed),
      period: r.period === 'week' ? 'week' : r.period === 'month' ? 'month' : null,
      targetPerWeek: num(r.target_per_week),
      startDate: str(r.start_date),
      endDate: str(r.end_date),
      careStatus: str(r.care_status),
      processorPlanId: str(r.processor_plan_id),
    });
  }
  if (visitsFrom !== 'none') {
    for (const r of s.visits.raw().all(key, visitsFrom) as unknown[][]) {
      get(r[0]).visits.push({ date: String(r[1]), status: r[2] as AppointmentStatus });
    }
    s.visits.raw(false);
  }
  if (window.lastVisitAsOf !== undefined) {
    for (const r of s.lastVisits.all(key, window.lastVisitAsOf) as Row[]) {
      get(r.pid).lastVisit = str(r.last);
    }
  }
  for (const r of s.insurance.all(key) as Row[]) {
    const f = get(r.pid);
    // The primary policy wins; a secondary shows only when it is the only one.
    if (f.insurance && r.priority !== 'primary') continue;
    f.insurance = {
      carrier: String(r.carrier),
      plan: str(r.plan),
      copayCents: num(r.copay_cents),
      coverageEnd: str(r.coverage_end),
    };
  }
  for (const r of s.balances.all(key) as Row[]) {
    const f = get(r.pid);
    f.patientBalanceCents = Number(r.patient_balance_cents ?? 0);
    f.insuranceBalanceCents = num(r.insurance_balance_cents);
  }
  return out;
}

/** The recurring plan that pays for a care plan (linked either way), if any. */
export function linkedPlan<P extends Pick<PlanRow, 'id' | 'carePlanRef'>>(
  carePlan: Pick<CarePlanFact, 'processorPlanId' | 'upstreamId'>,
  plans: readonly P[],
): P | undefined {
  return plans.find(
    (p) =>
      (carePlan.processorPlanId !== null && p.id === carePlan.processorPlanId) ||
      (p.carePlanRef !== null && p.carePlanRef === carePlan.upstreamId),
  );
}

/** Splits ids into batches so each facts query stays bounded (memory stays flat on big caches). */
export function* batches<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
