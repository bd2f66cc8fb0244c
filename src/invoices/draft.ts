// An invoice before it exists anywhere: who, which items (charges covered or free lines), due date.
// Its idempotency id is derived from the selection, so the same selection always maps to the same
// invoice — a retry or a re-run after a crash finds it instead of creating another.
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import type { PatientSummary } from './patient-lookup.js';

export interface InvoiceItem {
  name: string;
  amountCents: number;
  /** The imported charge this line covers (null for a catalogue service or a free line). */
  chargeId: string | null;
  code: string | null;
}

export interface InvoiceDraft {
  patient: PatientSummary;
  title: string;
  items: InvoiceItem[];
  totalCents: number;
  dueDate: string;
  note: string | null;
  apiId: string;
}

/** Fortis item names must be unique within an invoice (≤ 100 characters): add " (2)", " (3)"… */
export function uniqueNames(items: InvoiceItem[]): InvoiceItem[] {
  const used = new Map<string, number>();
  return items.map((item) => {
    const base = item.name.trim().slice(0, 90) || 'Service';
    const n = (used.get(base.toLowerCase()) ?? 0) + 1;
    used.set(base.toLowerCase(), n);
    return { ...item, name: n === 1 ? base : `${base} (${n})` };
  });
}

/** The stable idempotency id (quick_invoice_api_id / pay-now reference) of a selection. */
export function invoiceApiId(patientId: number, items: readonly InvoiceItem[]): string {
  const parts = items
    .map((i) =>
      i.chargeId !== null ? `c:${i.chargeId}:${i.amountCents}` : `i:${i.name}:${i.amountCents}`,
    )
    .sort();
  const digest = createHash('sha256')
    .update(`invoice:${patientId}|${parts.join('|')}`)
    .digest('hex');
  return `tsqi${digest.slice(0, 28)}`;
}

/** Checks and assembles a draft; zero or negative totals and empty selections are refused (exit 2). */
export function buildDraft(input: {
  patient: PatientSummary;
  items: InvoiceItem[];
  dueDate: string;
  note: string | null;
  practiceName: string | undefined;
}): InvoiceDraft {
  if (input.items.length === 0) {
    throw new UsageError(
      'Nothing to invoice: no items were selected.',
      'Pick charges, or pass --charges all-unpaid, --service CODE[:AMOUNT] or --item "Text:AMOUNT".',
    );
  }
  if (input.items.length > 300) throw new UsageError('An invoice holds at most 300 items.');
  for (const item of input.items) {
    if (item.amountCents === 0) throw new UsageError(`"${item.name}" has a zero amount.`);
  }
  const items = uniqueNames(input.items);
  const totalCents = items.reduce((sum, i) => sum + i.amountCents, 0);
  if (totalCents <= 0) {
    throw new UsageError('The invoice total must be more than zero.', 'Check the amounts given.');
  }
  if (input.note !== null && input.note.length > 200) {
    throw new UsageError('--note must be at most 200 characters.');
  }
  const title = `Invoice${input.practiceName ? ` from ${input.practiceName}` : ''}`.slice(0, 64);
  return {
    patient: input.patient,
    title,
    items,
    totalCents,
    dueDate: input.dueDate,
    note: input.note,
    apiId: invoiceApiId(input.patient.id, items),
  };
}
