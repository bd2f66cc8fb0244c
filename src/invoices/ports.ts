// What invoicing needs from a processor; adapters in fortis-port.ts and cashpractice-port.ts.

export interface CreateInvoiceRequest {
  apiId: string;
  title: string;
  dueDate: string;
  items: Array<{ name: string; amountCents: number }>;
  totalCents: number;
  contactId: string | null;
  note: string | null;
  /** Let the processor email/text the invoice itself (--send-via fortis). */
  processorSends: boolean;
  email: string | null;
  mobile: string | null;
}

export interface InvoicePort {
  source: 'fortis' | 'cashpractice';
  /** Creates (or, for the same api id, finds) the invoice and returns its payment URL. */
  create(request: CreateInvoiceRequest): Promise<{ upstreamId: string; url: string | null }>;
  /** Asks the processor to send it again; false when the processor cannot. */
  resend(upstreamId: string, channels: { email: boolean; sms: boolean }): Promise<boolean>;
  /** Deletes/voids it at the processor; false when the processor has no way to. */
  void(upstreamId: string): Promise<boolean>;
}
