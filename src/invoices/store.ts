// Invoices in the cache. A local row with the stable api id is written (status `draft`, charges
// held) BEFORE the processor is called; the processor's answer completes it. Sync later updates
// the same row (matched by upstream id, else by api id) with the paid status.
import type { Db } from '../store/db.js';
import type { InvoiceDraft, InvoiceItem } from './draft.js';

export type LocalInvoiceStatus = 'draft' | 'open' | 'paid' | 'partially_paid' | 'void';

export interface InvoiceRow {
  id: number;
  source: string;
  upstreamId: string | null;
  apiId: string | null;
  patientId: number | null;
  patientName: string | null;
  account: string | null;
  contactId: string | null;
  title: string | null;
  items: Array<{ name: string; amountCents: number }>;
  totalCents: number;
  paidCents: number;
  dueDate: string | null;
  paymentUrl: string | null;
  status: LocalInvoiceStatus;
  note: string | null;
  sentVia: string | null;
  sentAt: string | null;
  createdAt: string;
  chargeCount: number;
}

interface Raw {
  id: number;
  source: string;
  upstream_id: string | null;
  api_id: string | null;
  patient_id: number | null;
  patient_name: string | null;
  account: string | null;
  contact_id: string | null;
  title: string | null;
  items: string;
  total_cents: number;
  paid_cents: number;
  due_date: string | null;
  payment_url: string | null;
  status: LocalInvoiceStatus;
  note: string | null;
  sent_via: string | null;
  sent_at: string | null;
  created_at: string;
  charge_count: number;
}

function parseItems(text: string): Array<{ name: string; amountCents: number }> {
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v)) return [];
    return v.map((i: unknown) => {
      const o = (i ?? {}) as Record<string, unknown>;
      return {
        name: typeof o.name === 'string' ? o.name : '',
        amountCents: typeof o.amountCents === 'number' ? o.amountCents : 0,
      };
    });
  } catch {
    return [];
  }
}

const toRow = (r: Raw): InvoiceRow => ({
  id: r.id,
  source: r.source,
  upstreamId: r.upstream_id,
  apiId: r.api_id,
  patientId: r.patient_id,
  patientName: r.patient_name,
  account: r.account,
  contactId: r.contact_id,
  title: r.title,
  items: parseItems(r.items),
  totalCents: r.total_cents,
  paidCents: r.paid_cents,
  dueDate: r.due_date,
  paymentUrl: r.payment_url,
  status: r.status,
  note: r.note,
  sentVia: r.sent_via,
  sentAt: r.sent_at,
  createdAt: r.created_at,
  chargeCount: r.charge_count,
});

// Synced invoices made outside trackstat have no patient_id: find the patient through the link.
const select = `
  SELECT i.id, i.source, i.upstream_id, i.api_id, coalesce(i.patient_id, pl.patient_id) AS patient_id,
         trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) AS patient_name, p.account,
         i.contact_id, i.title, i.items, i.total_cents, i.paid_cents, i.due_date, i.payment_url, i.status,
         i.note, i.sent_via, i.sent_at, i.created_at,
         (SELECT count(*) FROM charges c WHERE c.invoice_id = i.id) AS charge_count
    FROM invoices i
    LEFT JOIN patient_links pl ON i.patient_id IS NULL AND pl.source = i.source AND pl.upstream_id = i.contact_id
    LEFT JOIN patients p ON p.id = coalesce(i.patient_id, pl.patient_id)`;

/** An invoice by local number, processor id or api id. */
export function findInvoice(db: Db, ref: string): InvoiceRow | undefined {
  const byNumber = /^\d+$/.test(ref)
    ? (db.prepare(`${select} WHERE i.id = ?`).get(Number(ref)) as Raw | undefined)
    : undefined;
  const row =
    byNumber ??
    (db.prepare(`${select} WHERE i.upstream_id = ? OR i.api_id = ? LIMIT 1`).get(ref, ref) as
      Raw | undefined);
  return row ? toRow(row) : undefined;
}

/** Invoices by status; `overdue` = unpaid and past its due date, `open` = every unpaid one. */
export function listInvoices(
  db: Db,
  options: { status?: 'open' | 'paid' | 'overdue' | undefined; today: string },
): InvoiceRow[] {
  const where =
    options.status === 'paid'
      ? "i.status = 'paid'"
      : options.status === 'open'
        ? "i.status IN ('open', 'partially_paid')"
        : options.status === 'overdue'
          ? "i.status IN ('open', 'partially_paid') AND i.due_date < @today"
          : "i.status <> 'draft'";
  return (
    db
      .prepare(`${select} WHERE i.removed = 0 AND ${where} ORDER BY i.created_at DESC, i.id DESC`)
      .all({ today: options.today }) as Raw[]
  ).map(toRow);
}

/** The invoice row holding an api id (whatever its status). */
export function invoiceByApiId(db: Db, apiId: string): InvoiceRow | undefined {
  const row = db.prepare(`${select} WHERE i.api_id = ?`).get(apiId) as Raw | undefined;
  return row ? toRow(row) : undefined;
}

function itemsJson(items: readonly InvoiceItem[]): string {
  return JSON.stringify(items.map((i) => ({ name: i.name, amountCents: i.amountCents })));
}

/** Writes the draft row and holds its charges, in one transaction; returns the row id. */
export function insertDraft(
  db: Db,
  draft: InvoiceDraft,
  target: { source: string; contactId: string | null; apiId: string },
  now: Date,
): number {
  return db.transaction(() => {
    const existing = db.prepare('SELECT id FROM invoices WHERE api_id = ?').get(target.apiId) as
      { id: number } | undefined;
    const id =
      existing?.id ??
      Number(
        db
          .prepare(
            `INSERT INTO invoices (source, api_id, patient_id, contact_id, title, items, total_cents, due_date,
               status, note, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
          )
          .run(
            target.source,
            target.apiId,
            draft.patient.id,
            target.contactId,
            draft.title,
            itemsJson(draft.items),
            draft.totalCents,
            draft.dueDate,
            draft.note,
            now.toISOString(),
          ).lastInsertRowid,
      );
    const hold = db.prepare('UPDATE charges SET invoice_id = ? WHERE id = ?');
    for (const item of draft.items) if (item.chargeId !== null) hold.run(id, item.chargeId);
    return id;
  })();
}

/** Completes a draft with the processor's id and payment URL. */
export function completeDraft(
  db: Db,
  id: number,
  created: { upstreamId: string; url: string | null },
  now: Date,
): void {
  db.prepare(
    `UPDATE invoices SET upstream_id = ?, payment_url = coalesce(?, payment_url),
       status = CASE WHEN status = 'draft' THEN 'open' ELSE status END, modified_at = ? WHERE id = ?`,
  ).run(created.upstreamId, created.url, now.toISOString(), id);
}

/** Drops a draft the processor definitely refused, releasing its charges. */
export function discardDraft(db: Db, id: number): void {
  db.transaction(() => {
    db.prepare('UPDATE charges SET invoice_id = NULL WHERE invoice_id = ?').run(id);
    db.prepare("DELETE FROM invoices WHERE id = ? AND status = 'draft'").run(id);
  })();
}

/** Records how and when the payment link went out. */
export function recordSent(db: Db, id: number, via: string, now: Date): void {
  db.prepare('UPDATE invoices SET sent_via = ?, sent_at = ? WHERE id = ?').run(
    via,
    now.toISOString(),
    id,
  );
}

/** Marks an invoice void and frees the charges it covered. */
export function markVoid(db: Db, id: number, now: Date): number {
  return db.transaction(() => {
    db.prepare("UPDATE invoices SET status = 'void', modified_at = ? WHERE id = ?").run(
      now.toISOString(),
      id,
    );
    return db.prepare('UPDATE charges SET invoice_id = NULL WHERE invoice_id = ?').run(id).changes;
  })();
}
