// Invoices as Cash Practice pay-now links with a fixed amount (provisional contract,
// cashpractice.md). The contract has no resend or delete: trackstat sends the link itself, and a
// void is recorded locally only (the clinic deactivates the link in Cash Practice).
import { type CashPracticeClient, createPayNowLink } from '../integrations/cashpractice/client.js';
import { UsageError } from '../errors.js';
import type { InvoicePort } from './ports.js';

/** The invoice port over a Cash Practice client. */
export function cashPracticeInvoicePort(client: CashPracticeClient): InvoicePort {
  return {
    source: 'cashpractice',
    async create(r) {
      if (r.contactId === null) {
        throw new UsageError(
          'This patient is not linked to a Cash Practice patient, so no pay-now link can be made.',
          'Run trackstat sync, or link the patient: trackstat patients link ACCOUNT --cashpractice-patient ID',
        );
      }
      const link = await createPayNowLink(client, {
        patientId: r.contactId,
        purpose: 'payment',
        amountCents: r.totalCents,
        message: r.title,
        reference: r.apiId,
      });
      return { upstreamId: link.id, url: link.url };
    },
    async resend() {
      return false;
    },
    async void() {
      return false;
    },
  };
}
