// Invoices as Fortis quick invoices (fortis.md §3.5, §10).
import type { FortisClient } from '../integrations/fortis/client.js';
import {
  createQuickInvoice,
  deleteQuickInvoice,
  resendQuickInvoice,
} from '../integrations/fortis/writes.js';
import type { InvoicePort } from './ports.js';

/** Fortis phone fields take exactly 10 digits (US numbers without +1). */
function tenDigits(e164: string | null): string | undefined {
  const d = (e164 ?? '').replace(/\D/g, '');
  if (d.length === 11 && d.startsWith('1')) return d.slice(1);
  return d.length === 10 ? d : undefined;
}

/** The invoice port over a Fortis client. */
export function fortisInvoicePort(client: FortisClient): InvoicePort {
  return {
    source: 'fortis',
    async create(r) {
      const cell = r.processorSends ? tenDigits(r.mobile) : undefined;
      const record = await createQuickInvoice(client, {
        apiId: r.apiId,
        contactId: r.contactId,
        title: r.title,
        dueDate: r.dueDate,
        items: r.items,
        sendEmail: r.processorSends && r.email !== null,
        sendText: r.processorSends && cell !== undefined,
        ...(r.processorSends && r.email !== null ? { email: r.email } : {}),
        ...(cell !== undefined ? { cellPhone: cell } : {}),
      });
      return { upstreamId: record.upstreamId, url: record.paymentUrl };
    },
    async resend(upstreamId, channels) {
      await resendQuickInvoice(client, upstreamId, channels);
      return true;
    },
    async void(upstreamId) {
      await deleteQuickInvoice(client, upstreamId);
      return true;
    },
  };
}
