// The services a patient received and has not paid or been invoiced for (imported EHR charges),
// and the practice's catalogue of services (distinct code/description with their usual fee).
import type { Db } from '../store/db.js';

export interface OpenCharge {
  id: string;
  date: string;
  code: string | null;
  description: string;
  feeCents: number;
  paidCents: number;
  /** What is still owed: fee − paid (the amount used when none is typed). */
  dueCents: number;
}

export interface CatalogueService {
  code: string | null;
  description: string;
  /** The most common fee charged for it. */
  usualFeeCents: number;
}

/**
 * Unpaid, uninvoiced charges of a patient, oldest first. A charge held by a `draft` invoice (a run
 * that stopped before the processor answered) is offered again, so re-running the same selection
 * finds that invoice instead of creating another.
 */
export function openCharges(db: Db, patientId: number): OpenCharge[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.date, c.code, c.description, c.fee_cents, c.paid_cents
         FROM charges c LEFT JOIN invoices i ON i.id = c.invoice_id
        WHERE c.patient_id = ? AND c.removed = 0 AND c.paid_cents < c.fee_cents
          AND (c.invoice_id IS NULL OR i.id IS NULL OR i.status IN ('draft', 'void'))
        ORDER BY c.date, c.id`,
    )
    .all(patientId) as Array<{
    id: string;
    date: string;
    code: string | null;
    description: string;
    fee_cents: number;
    paid_cents: number;
  }>;
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    code: r.code,
    description: r.description,
    feeCents: r.fee_cents,
    paidCents: r.paid_cents,
    dueCents: r.fee_cents - r.paid_cents,
  }));
}

/** Distinct services seen in imported charges, each with its most common fee. */
export function serviceCatalogue(db: Db): CatalogueService[] {
  const rows = db
    .prepare(
      `SELECT code, description, fee_cents, count(*) AS n FROM charges
        WHERE removed = 0 AND fee_cents > 0
        GROUP BY coalesce(code, ''), description, fee_cents
        ORDER BY coalesce(code, ''), description, n DESC, fee_cents`,
    )
    .all() as Array<{ code: string | null; description: string; fee_cents: number; n: number }>;
  const best = new Map<string, CatalogueService>();
  for (const r of rows) {
    const key = `${r.code ?? ''}\u0000${r.description}`;
    if (!best.has(key)) {
      best.set(key, { code: r.code, description: r.description, usualFeeCents: r.fee_cents });
    }
  }
  return [...best.values()];
}
