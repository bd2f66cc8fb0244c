// The local ledger of payments taken by the pay wall, exported as CSV for the EHR's ledger import.
import type { Column } from '../terminal/render.js';
import type { Db } from '../store/db.js';

export interface PostedPaymentRow {
  id: number;
  account: string | null;
  patient: string;
  appointmentId: string | null;
  appointmentDate: string | null;
  appointmentType: string | null;
  amountCents: number;
  paidAt: string;
  source: string;
  transactionId: string | null;
  exportedAt: string | null;
}

/** Posted payments to export: not yet exported (or all with `all`), paid on/after `since`. */
export function postedPayments(
  db: Db,
  options: { since?: string | undefined; all: boolean },
): PostedPaymentRow[] {
  const rows = db
    .prepare(
      `SELECT pp.id, p.account, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) AS patient,
              pp.appointment_id, a.local_date, a.type, pp.amount_cents, pp.paid_at, pp.source, pp.transaction_id,
              pp.exported_at
         FROM posted_payments pp
         JOIN patients p ON p.id = pp.patient_id
         LEFT JOIN appointments a ON a.id = pp.appointment_id
        WHERE (@all = 1 OR pp.exported_at IS NULL)
          AND (@since IS NULL OR substr(pp.paid_at, 1, 10) >= @since)
        ORDER BY pp.paid_at, pp.id`,
    )
    .all({ all: options.all ? 1 : 0, since: options.since ?? null }) as Array<{
    id: number;
    account: string | null;
    patient: string;
    appointment_id: string | null;
    local_date: string | null;
    type: string | null;
    amount_cents: number;
    paid_at: string;
    source: string;
    transaction_id: string | null;
    exported_at: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    account: r.account,
    patient: r.patient,
    appointmentId: r.appointment_id,
    appointmentDate: r.local_date,
    appointmentType: r.type,
    amountCents: r.amount_cents,
    paidAt: r.paid_at,
    source: r.source,
    transactionId: r.transaction_id,
    exportedAt: r.exported_at,
  }));
}

/** Marks rows as exported (a re-export with --all keeps the first export time). */
export function markExported(db: Db, ids: readonly number[], now: Date): void {
  const mark = db.prepare(
    'UPDATE posted_payments SET exported_at = coalesce(exported_at, ?) WHERE id = ?',
  );
  db.transaction(() => {
    for (const id of ids) mark.run(now.toISOString(), id);
  })();
}

/** The CSV columns of `export posted-payments`. */
export const postedPaymentColumns: ReadonlyArray<Column<PostedPaymentRow>> = [
  { key: 'posted_id', kind: 'int', value: (r) => r.id },
  { key: 'account', value: (r) => r.account },
  { key: 'patient', value: (r) => r.patient },
  { key: 'date', kind: 'date', value: (r) => r.paidAt.slice(0, 10) },
  { key: 'amount', kind: 'money', value: (r) => r.amountCents },
  { key: 'appointment_id', value: (r) => r.appointmentId },
  { key: 'appointment_date', kind: 'date', value: (r) => r.appointmentDate },
  { key: 'appointment_type', value: (r) => r.appointmentType },
  { key: 'paid_at', value: (r) => r.paidAt },
  { key: 'processor', value: (r) => r.source },
  { key: 'transaction_id', value: (r) => r.transactionId },
  {
    key: 'memo',
    value: (r) => `Pay wall payment${r.appointmentType ? ` (${r.appointmentType})` : ''}`,
  },
];
