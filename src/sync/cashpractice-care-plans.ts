import type { UpsertCounts } from '../store/processor-records.js';
import type { CarePlanFunding, CashPracticeCarePlan } from '../integrations/cashpractice/wire.js';
import type { Db } from '../store/db.js';

// Cash Practice care plans in the care_plans table (source 'cashpractice', one row per patient on
// the plan, keyed "<plan id>:<patient id>", linked to patients through contact_id/patient_links).

/** Looks up the auto-debit that pays for a patient's share of a care plan (cached auto-debits). */
export function carePlanFunding(
  db: Db,
): (carePlanId: string, patientId: string) => CarePlanFunding | undefined {
  const find = db.prepare(
    `SELECT upstream_id, payments_total FROM recurring_plans
     WHERE source = 'cashpractice' AND contact_id = ? AND care_plan_ref = ? AND removed = 0
     ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'on_hold' THEN 1 WHEN 'not_started' THEN 2 ELSE 3 END,
              modified_at DESC
     LIMIT 1`,
  );
  return (carePlanId, patientId) => {
    const row = find.get(patientId, carePlanId) as
      { upstream_id: string; payments_total: number | null } | undefined;
    return row
      ? { autoDebitId: row.upstream_id, indefinite: row.payments_total === null }
      : undefined;
  };
}

interface CarePlanRow {
  contact_id: string | null;
  kind: string;
  name: string;
  total_visits: number | null;
  visits_allowed: number | null;
  period: string | null;
  start_date: string | null;
  end_date: string | null;
  care_status: string | null;
  processor_plan_id: string | null;
  raw: string | null;
  removed: number;
}

function rowOf(r: CashPracticeCarePlan): Omit<CarePlanRow, 'removed'> {
  return {
    contact_id: r.contactId,
    kind: r.kind,
    name: r.name,
    total_visits: r.totalVisits,
    visits_allowed: r.visitsAllowed,
    period: r.period,
    start_date: r.startDate,
    end_date: r.endDate,
    care_status: r.careStatus,
    processor_plan_id: r.processorPlanId,
    raw: JSON.stringify(r.raw ?? null),
  };
}

function same(existing: CarePlanRow, next: Omit<CarePlanRow, 'removed'>): boolean {
  if (existing.removed !== 0) return false;
  for (const key of Object.keys(next) as Array<keyof typeof next>) {
    if (existing[key] !== next[key]) return false;
  }
  return true;
}

/**
 * Upserts care-plan rows. Derived columns (kind, visits allowed from `memberships.rules`, the
 * paying auto-debit) are compared as well as the upstream JSON, so a rule change is picked up.
 */
export function upsertCarePlans(
  db: Db,
  records: readonly CashPracticeCarePlan[],
  seenAt: string,
): UpsertCounts {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const find = db.prepare(
    `SELECT contact_id, kind, name, total_visits, visits_allowed, period, start_date, end_date,
            care_status, processor_plan_id, raw, removed
     FROM care_plans WHERE source = ? AND upstream_id = ?`,
  );
  const upsert = db.prepare(
    `INSERT INTO care_plans (source, upstream_id, contact_id, kind, name, total_visits, visits_allowed,
       period, start_date, end_date, care_status, processor_plan_id, raw, seen_at, removed)
     VALUES (@source, @upstream_id, @contact_id, @kind, @name, @total_visits, @visits_allowed,
       @period, @start_date, @end_date, @care_status, @processor_plan_id, @raw, @seen_at, 0)
     ON CONFLICT (source, upstream_id) DO UPDATE SET contact_id = excluded.contact_id,
       kind = excluded.kind, name = excluded.name, total_visits = excluded.total_visits,
       visits_allowed = excluded.visits_allowed, period = excluded.period,
       start_date = excluded.start_date, end_date = excluded.end_date,
       care_status = excluded.care_status, processor_plan_id = excluded.processor_plan_id,
       raw = excluded.raw, seen_at = excluded.seen_at, removed = 0`,
  );
  const touch = db.prepare(
    'UPDATE care_plans SET seen_at = ? WHERE source = ? AND upstream_id = ?',
  );
  for (const r of records) {
    const next = rowOf(r);
    const existing = find.get(r.source, r.upstreamId) as CarePlanRow | undefined;
    if (existing && same(existing, next)) {
      touch.run(seenAt, r.source, r.upstreamId);
      counts.unchanged++;
      continue;
    }
    upsert.run({ ...next, source: r.source, upstream_id: r.upstreamId, seen_at: seenAt });
    if (existing) counts.updated++;
    else counts.inserted++;
  }
  return counts;
}

/**
 * Returns a function that marks removed the rows of patients no longer on a care plan (keys
 * "<plan id>:<patient id>"). The key range "<id>:" … "<id>;" uses the (source, upstream_id) index.
 */
export function patientsLeftDropper(
  db: Db,
): (carePlanId: string, keep: readonly string[]) => number {
  const drop = db.prepare(
    `UPDATE care_plans SET removed = 1
     WHERE source = 'cashpractice' AND upstream_id > @from AND upstream_id < @to AND removed = 0
       AND upstream_id NOT IN (SELECT value FROM json_each(@keep))`,
  );
  return (carePlanId, keep) =>
    drop.run({ from: `${carePlanId}:`, to: `${carePlanId};`, keep: JSON.stringify(keep) }).changes;
}

/**
 * Names auto-debits after the care plan they pay for (the reports' plan name), instead of their
 * group ("Memberships", "Care Plans"). Runs after care plans are written, and after auto-debits are
 * rewritten (an upsert puts the group back), for the given care-plan or auto-debit ids.
 */
export function nameAutoDebits(
  db: Db,
  by: { carePlanIds: readonly string[] } | { autoDebitIds: readonly string[] },
): void {
  const filter =
    'carePlanIds' in by
      ? 'recurring_plans.care_plan_ref IN (SELECT value FROM json_each(@ids))'
      : 'recurring_plans.upstream_id IN (SELECT value FROM json_each(@ids))';
  const ids = 'carePlanIds' in by ? by.carePlanIds : by.autoDebitIds;
  db.prepare(
    `UPDATE recurring_plans SET description = c.name
     FROM care_plans c
     WHERE recurring_plans.source = 'cashpractice' AND ${filter}
       AND c.source = 'cashpractice' AND c.removed = 0
       AND c.upstream_id = recurring_plans.care_plan_ref || ':' || recurring_plans.contact_id
       AND recurring_plans.description IS NOT c.name`,
  ).run({ ids: JSON.stringify(ids) });
}

/** Names of current Cash Practice memberships with no visits allowance from rules or the EHR. */
export function unknownAllowances(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT c.name FROM care_plans c
         WHERE c.source = 'cashpractice' AND c.removed = 0 AND c.kind = 'membership'
           AND c.visits_allowed IS NULL
           AND NOT EXISTS (
             SELECT 1 FROM care_plans e
             WHERE e.source = 'ehr' AND e.removed = 0 AND e.visits_allowed IS NOT NULL
               AND e.processor_plan_id = c.processor_plan_id)
         ORDER BY c.name LIMIT 10`,
      )
      .all() as Array<{ name: string }>
  ).map((r) => r.name);
}
