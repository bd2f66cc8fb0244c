// `invoice show|resend|void`: operations on one existing invoice.
import { UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Io } from '../terminal/io.js';
import { formatCents } from '../terminal/render.js';
import { sanitizeCell } from '../terminal/sanitize.js';
import type { InvoicePort } from './ports.js';
import { findInvoice, markVoid, recordSent, type InvoiceRow } from './store.js';

/** The invoice a user named, or exit 2. */
export function requireInvoice(db: Db, ref: string): InvoiceRow {
  const invoice = findInvoice(db, ref.trim());
  if (!invoice) {
    throw new UsageError(`No invoice "${ref}".`, 'See the invoices with: trackstat invoice list');
  }
  return invoice;
}

/** Whether an invoice is unpaid and past its due date. */
export function isOverdue(invoice: InvoiceRow, today: string): boolean {
  return (
    (invoice.status === 'open' || invoice.status === 'partially_paid') &&
    invoice.dueDate !== null &&
    invoice.dueDate < today
  );
}

/** The displayed state: the stored status, or `overdue`. */
export function displayStatus(invoice: InvoiceRow, today: string): string {
  return isOverdue(invoice, today) ? 'overdue' : invoice.status;
}

/** One invoice as text. */
export function showText(invoice: InvoiceRow, today: string): string {
  const s = (v: string | null | undefined): string => sanitizeCell(v ?? '');
  const lines = [
    `Invoice     ${invoice.id}`,
    `Status      ${displayStatus(invoice, today)}`,
    `Patient     ${s(invoice.patientName)}${invoice.account ? ` (account ${s(invoice.account)})` : ''}`,
    `Processor   ${invoice.source}${invoice.upstreamId ? ` ${s(invoice.upstreamId)}` : ''}`,
    `Total       ${formatCents(invoice.totalCents)}`,
    `Paid        ${formatCents(invoice.paidCents)}`,
    `Due         ${invoice.dueDate ?? ''}`,
    `Created     ${invoice.createdAt}`,
    `Sent        ${invoice.sentAt ? `${invoice.sentAt} by ${s(invoice.sentVia)}` : 'not sent'}`,
    `Link        ${s(invoice.paymentUrl)}`,
  ];
  if (invoice.note) lines.push(`Note        ${s(invoice.note)}`);
  lines.push('Items:');
  for (const item of invoice.items) {
    lines.push(`  ${formatCents(item.amountCents).padStart(10)}  ${s(item.name)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Voids an invoice at the processor (when it can) and locally; frees its charges. */
export async function voidInvoice(
  db: Db,
  io: Io,
  invoice: InvoiceRow,
  port: () => Promise<InvoicePort>,
): Promise<number> {
  if (invoice.status === 'void') {
    io.info(`Invoice ${invoice.id} is already void.`);
    return 0;
  }
  if (invoice.status === 'paid') {
    throw new UsageError(
      `Invoice ${invoice.id} is paid and cannot be voided.`,
      'Refund the payment at the processor instead.',
    );
  }
  if (invoice.upstreamId !== null) {
    const done = await (await port()).void(invoice.upstreamId);
    if (!done) {
      io.warn(
        `${invoice.source === 'cashpractice' ? 'Cash Practice' : 'The processor'} has no way to void it from here: deactivate the link there too.`,
      );
    }
  }
  const freed = markVoid(db, invoice.id, io.now());
  io.info(
    `Invoice ${invoice.id} voided${freed > 0 ? `; ${freed} charge${freed === 1 ? '' : 's'} can be invoiced again` : ''}.`,
  );
  return freed;
}

/** Records a processor-side resend. */
export function recordResend(db: Db, invoice: InvoiceRow, via: string, now: Date): void {
  recordSent(db, invoice.id, via, now);
}
