// Pay-wall reconciliation, run after every sync and at the start of `paywall run`:
// 1. a paid pay-wall link becomes a posted payment (the local ledger the EHR imports);
// 2. a link whose appointment was rescheduled follows the patient to the new appointment.
//
// Reschedule rule: an EHR may keep the appointment id (only the time changes: nothing to do) or give
// the new booking a new id and mark the old one `rescheduled` (or drop it from the next export, so it
// is `removed`). A pay-wall link on such an old appointment moves — with its payment — to the
// patient's earliest upcoming appointment of the same type (case-insensitive) that has no pay-wall
// link yet. A `cancelled` appointment keeps its link; if paid, `paywall refunds` lists it.
import type { Db } from '../store/db.js';

export interface ReconcileSummary {
  /** Links newly found paid (posted to the ledger). */
  posted: number;
  /** Links moved to a rescheduled appointment's new booking. */
  moved: number;
}

interface LinkRow {
  id: number;
  source: string;
  upstream_id: string | null;
  patient_id: number | null;
  appointment_id: string | null;
  amount_cents: number | null;
  status: string;
  used_at: string | null;
  transaction_id: string | null;
}

interface TxRow {
  upstream_id: string;
  amount_cents: number;
  occurred_at: string | null;
}

/** Marks paid pay-wall links and posts their payments; moves links of rescheduled appointments. */
export function reconcilePaywall(db: Db, now: Date): ReconcileSummary {
  return db.transaction(() => {
    const posted = postPaidLinks(db, now);
    const moved = followReschedules(db, now);
    return { posted, moved };
  })();
}

function postPaidLinks(db: Db, now: Date): number {
  const links = db
    .prepare(
      `SELECT l.id, l.source, l.upstream_id, l.patient_id, l.appointment_id, l.amount_cents, l.status,
              l.used_at, l.transaction_id
         FROM payment_links l
        WHERE l.purpose = 'paywall' AND l.removed = 0 AND l.status <> 'void' AND l.patient_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM posted_payments p WHERE p.link_id = l.id)`,
    )
    .all() as LinkRow[];
  // An approved sale carrying the paylink id is the strongest evidence (it has the amount and time).
  const approvedTx = db.prepare(
    `SELECT upstream_id, amount_cents, occurred_at FROM transactions
      WHERE source = ? AND paylink_id = ? AND status = 'approved' AND removed = 0
      ORDER BY occurred_at LIMIT 1`,
  );
  const markPaid = db.prepare(
    `UPDATE payment_links SET status = 'paid', used_at = coalesce(used_at, ?), transaction_id = coalesce(?, transaction_id),
       modified_at = ? WHERE id = ?`,
  );
  const post = db.prepare(
    `INSERT INTO posted_payments (patient_id, appointment_id, link_id, source, transaction_id, amount_cents, paid_at, posted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source, transaction_id) DO NOTHING`,
  );
  let count = 0;
  const stamp = now.toISOString();
  for (const link of links) {
    const tx =
      link.upstream_id === null
        ? undefined
        : (approvedTx.get(link.source, link.upstream_id) as TxRow | undefined);
    const paidByStatus = link.status === 'paid' || link.status === 'used';
    if (!tx && !paidByStatus) continue;
    const paidAt = tx?.occurred_at ?? link.used_at ?? stamp;
    const transactionId = tx?.upstream_id ?? link.transaction_id;
    markPaid.run(paidAt, transactionId, stamp, link.id);
    const result = post.run(
      link.patient_id,
      link.appointment_id,
      link.id,
      link.source,
      transactionId,
      tx?.amount_cents ?? link.amount_cents ?? 0,
      paidAt,
      stamp,
    );
    count += result.changes;
  }
  // A link seen paid before its transaction was synced was posted without a transaction id.
  db.prepare(
    `UPDATE posted_payments SET transaction_id = (
       SELECT t.upstream_id FROM payment_links l JOIN transactions t
         ON t.source = l.source AND t.paylink_id = l.upstream_id AND t.status = 'approved' AND t.removed = 0
        WHERE l.id = posted_payments.link_id ORDER BY t.occurred_at LIMIT 1)
     WHERE transaction_id IS NULL AND link_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM posted_payments p2 JOIN payment_links l2 ON l2.id = posted_payments.link_id
                        JOIN transactions t2 ON t2.source = l2.source AND t2.paylink_id = l2.upstream_id
                       WHERE p2.source = posted_payments.source AND p2.transaction_id = t2.upstream_id)`,
  ).run();
  return count;
}

function followReschedules(db: Db, now: Date): number {
  const stranded = db
    .prepare(
      `SELECT l.id, l.patient_id, a.type, a.id AS appointment_id
         FROM payment_links l JOIN appointments a ON a.id = l.appointment_id
        WHERE l.purpose = 'paywall' AND l.removed = 0 AND l.status <> 'void'
          AND (a.status = 'rescheduled' OR a.removed = 1)`,
    )
    .all() as Array<{ id: number; patient_id: number; type: string; appointment_id: string }>;
  const nextBooking = db.prepare(
    `SELECT a.id, a.start_utc FROM appointments a
      WHERE a.patient_id = ? AND a.type = ? COLLATE NOCASE AND a.removed = 0 AND a.status = 'future'
        AND a.id <> ?
        AND NOT EXISTS (SELECT 1 FROM payment_links l WHERE l.appointment_id = a.id AND l.purpose = 'paywall'
                        AND l.status <> 'void')
      ORDER BY a.start_utc`,
  );
  const moveLink = db.prepare(
    'UPDATE payment_links SET appointment_id = ?, modified_at = ? WHERE id = ?',
  );
  const movePayment = db.prepare('UPDATE posted_payments SET appointment_id = ? WHERE link_id = ?');
  let moved = 0;
  for (const s of stranded) {
    const candidates = nextBooking.all(s.patient_id, s.type, s.appointment_id) as Array<{
      id: string;
      start_utc: string;
    }>;
    const target = candidates.find((c) => Date.parse(c.start_utc) > now.getTime());
    if (!target) continue;
    moveLink.run(target.id, now.toISOString(), s.id);
    movePayment.run(target.id, s.id);
    moved++;
  }
  return moved;
}
