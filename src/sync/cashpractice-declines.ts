import type { DeclinedPaymentRecord, TransactionRecord } from '../domain/records.js';
import type { Db } from '../store/db.js';
import { upsertDeclinedPayments } from '../store/processor-records.js';

// Cash Practice has no "declined recurring payments" list (declines are not retried; staff
// reschedule them). trackstat derives one declined plan payment per declined transaction of an
// auto-debit. While the auto-debit is "not paid up to date" and short by N payments, its N latest
// declines are unpaid (so the sum of unpaid declines matches payments short × instalment); older
// ones, and all of them once it is paid up, count as paid (cured). When Cash Practice does not say
// (paid_up missing), a decline is unpaid until a later accepted payment of the same auto-debit.

interface PlanRow {
  paid_up: number | null;
  payments_short: number | null;
}

interface DeclineRow {
  upstream_id: string;
  amount_cents: number;
  occurred_at: string | null;
  reason_code: string | null;
  reason_text: string | null;
  modified_at: string | null;
}

/**
 * Re-derives the declined plan payments of the given auto-debits from the cached transactions and
 * the auto-debits' paid-up state. Auto-debits not cached yet are skipped: their page derives them.
 */
export function deriveDeclinedPayments(
  db: Db,
  autoDebitIds: Iterable<string>,
  seenAt: string,
): void {
  const planOf = db.prepare(
    `SELECT paid_up, payments_short FROM recurring_plans
     WHERE source = 'cashpractice' AND upstream_id = ? AND removed = 0`,
  );
  const declinesOf = db.prepare(
    `SELECT upstream_id, amount_cents, occurred_at, reason_code, reason_text, modified_at
     FROM transactions
     WHERE source = 'cashpractice' AND plan_id = ? AND status = 'declined' AND removed = 0
     ORDER BY occurred_at DESC, upstream_id DESC`,
  );
  const lastAcceptedOf = db.prepare(
    `SELECT max(occurred_at) AS at FROM transactions
     WHERE source = 'cashpractice' AND plan_id = ? AND status = 'approved' AND removed = 0`,
  );
  const dropStale = db.prepare(
    `UPDATE declined_payments SET removed = 1
     WHERE source = 'cashpractice' AND plan_id = ? AND removed = 0
       AND upstream_id NOT IN (SELECT value FROM json_each(?))`,
  );
  const records: DeclinedPaymentRecord[] = [];
  for (const planId of new Set(autoDebitIds)) {
    const plan = planOf.get(planId) as PlanRow | undefined;
    if (!plan) continue;
    const declines = declinesOf.all(planId) as DeclineRow[];
    const unpaidCount = plan.paid_up === 0 ? Math.max(1, plan.payments_short ?? 1) : 0;
    const curedUntil =
      plan.paid_up === null
        ? ((lastAcceptedOf.get(planId) as { at: string | null }).at ?? '')
        : undefined;
    declines.forEach((d, i) => {
      const unpaid =
        curedUntil === undefined ? i < unpaidCount : (d.occurred_at ?? '') > curedUntil;
      const status = unpaid ? 'unpaid' : 'paid';
      records.push({
        source: 'cashpractice',
        upstreamId: d.upstream_id,
        modifiedAt: d.modified_at,
        // Derived, not upstream JSON: it carries what decides the status, so a change is noticed.
        raw: { derived_from_transaction: d.upstream_id, auto_debit: planId, status },
        planId,
        transactionId: d.upstream_id,
        status,
        amountCents: d.amount_cents,
        declinedAt: d.occurred_at,
        reasonCode: d.reason_code,
        reasonText: d.reason_text,
      });
    });
    dropStale.run(planId, JSON.stringify(declines.map((d) => d.upstream_id)));
  }
  upsertDeclinedPayments(db, records, seenAt);
}

/**
 * The auto-debits whose declined payments a page of transactions can change: those with a declined
 * transaction in the page, and those that already hold a declined payment for one of its
 * transactions (a decline later voided or corrected). Other transactions leave declines alone.
 */
export function plansWithDeclines(db: Db, txs: readonly TransactionRecord[]): Set<string> {
  const plans = new Set<string>();
  for (const t of txs) if (t.status === 'declined' && t.planId !== null) plans.add(t.planId);
  const known = db
    .prepare(
      `SELECT DISTINCT plan_id FROM declined_payments
       WHERE source = 'cashpractice' AND upstream_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(txs.map((t) => t.upstreamId))) as Array<{ plan_id: string | null }>;
  for (const k of known) if (k.plan_id !== null) plans.add(k.plan_id);
  // A payment can cure the declines of an auto-debit whose paid-up state is unknown.
  const paying = txs.flatMap((t) =>
    t.status === 'approved' && t.planId !== null ? [t.planId] : [],
  );
  if (paying.length > 0) {
    const unknown = db
      .prepare(
        `SELECT upstream_id FROM recurring_plans
         WHERE source = 'cashpractice' AND paid_up IS NULL
           AND upstream_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...new Set(paying)])) as Array<{ upstream_id: string }>;
    for (const u of unknown) plans.add(u.upstream_id);
  }
  return plans;
}
