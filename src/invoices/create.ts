// Creating an invoice at the processor, exactly once per selection (STYLE rule 6): the local draft
// with its api id is stored first; the processor is asked with that id (it answers with the invoice
// it already has for a repeated id); the answer completes the draft.
import { ProviderValidationError } from '../integrations/errors.js';
import type { Db } from '../store/db.js';
import type { InvoiceDraft } from './draft.js';
import type { InvoicePort } from './ports.js';
import {
  completeDraft,
  discardDraft,
  findInvoice,
  insertDraft,
  invoiceByApiId,
  type InvoiceRow,
} from './store.js';

export type CreateOutcome =
  | { kind: 'created'; invoice: InvoiceRow; resumed: boolean }
  | { kind: 'exists'; invoice: InvoiceRow };

/**
 * The api id to use: the selection's own, unless that selection was invoiced and voided before —
 * then a numbered variant, since the processor would answer with the voided one.
 */
export function effectiveApiId(db: Db, base: string): string {
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}v${n}`;
    const row = invoiceByApiId(db, id);
    if (!row || row.status !== 'void') return id;
  }
}

/** The invoice already made for this selection (not a draft, not void), if any. */
export function existingInvoice(db: Db, draft: InvoiceDraft): InvoiceRow | undefined {
  const row = invoiceByApiId(db, effectiveApiId(db, draft.apiId));
  return row && row.status !== 'draft' ? row : undefined;
}

/** Creates the invoice (or resumes an interrupted creation) and returns the stored row. */
export async function createInvoice(
  db: Db,
  draft: InvoiceDraft,
  port: InvoicePort,
  options: { contactId: string | null; processorSends: boolean; now: () => Date },
): Promise<CreateOutcome> {
  const apiId = effectiveApiId(db, draft.apiId);
  const prior = invoiceByApiId(db, apiId);
  if (prior && prior.status !== 'draft') return { kind: 'exists', invoice: prior };
  const id = insertDraft(
    db,
    draft,
    { source: port.source, contactId: options.contactId, apiId },
    options.now(),
  );
  let created: { upstreamId: string; url: string | null };
  try {
    created = await port.create({
      apiId,
      title: draft.title,
      dueDate: draft.dueDate,
      items: draft.items.map((i) => ({ name: i.name, amountCents: i.amountCents })),
      totalCents: draft.totalCents,
      contactId: options.contactId,
      note: draft.note,
      processorSends: options.processorSends,
      email: draft.patient.email,
      mobile: draft.patient.mobile,
    });
  } catch (err) {
    // A definite refusal leaves nothing at the processor: release the charges. Anything else
    // (timeout, 5xx) may have created it, so the draft stays for the retry to find.
    if (err instanceof ProviderValidationError) discardDraft(db, id);
    throw err;
  }
  completeDraft(db, id, created, options.now());
  const invoice = findInvoice(db, String(id));
  if (!invoice) throw new Error(`invoice ${id} vanished after creation`);
  return { kind: 'created', invoice, resumed: prior !== undefined };
}
