// Payments to review for a refund: a pay-wall payment whose appointment was cancelled, or was
// rescheduled/removed without a new booking of the same type to carry the payment (see reconcile.ts).
import type { Db } from '../store/db.js';

export interface RefundCandidate {
  appointmentId: string;
  account: string | null;
  patient: string;
  date: string;
  type: string;
  reason: 'cancelled' | 'rescheduled' | 'removed';
  amountCents: number;
  paidAt: string;
  source: string;
  transactionId: string | null;
}

/** Paid pay-wall payments attached to appointments that will not happen. */
export function refundCandidates(db: Db): RefundCandidate[] {
  const rows = db
    .prepare(
      `SELECT a.id AS appointment_id, p.account, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) AS patient,
              a.local_date, a.type, a.status, a.removed, pp.amount_cents, pp.paid_at, pp.source, pp.transaction_id
         FROM posted_payments pp
         JOIN appointments a ON a.id = pp.appointment_id
         JOIN patients p ON p.id = pp.patient_id
        WHERE a.status IN ('cancelled', 'rescheduled') OR a.removed = 1
        ORDER BY a.local_date, a.id`,
    )
    .all() as Array<{
    appointment_id: string;
    account: string | null;
    patient: string;
    local_date: string;
    type: string;
    status: string;
    removed: number;
    amount_cents: number;
    paid_at: string;
    source: string;
    transaction_id: string | null;
  }>;
  return rows.map((r) => ({
    appointmentId: r.appointment_id,
    account: r.account,
    patient: r.patient,
    date: r.local_date,
    type: r.type,
    reason: r.status === 'cancelled' ? 'cancelled' : r.removed === 1 ? 'removed' : 'rescheduled',
    amountCents: r.amount_cents,
    paidAt: r.paid_at,
    source: r.source,
    transactionId: r.transaction_id,
  }));
}
