// Domain records that processor integrations map their wire formats into (DOMAIN §1). Money is
// integer cents, dates 'YYYY-MM-DD', instants ISO-8601 UTC. `raw` is the upstream JSON, kept for
// later needs. Every record is keyed by its source and upstream id.

export type ProcessorSource = 'fortis' | 'cashpractice';

interface Upstream {
  source: ProcessorSource;
  upstreamId: string;
  /** Upstream last-modified instant (drives incremental sync). */
  modifiedAt: string | null;
  raw: unknown;
}

/** A processor's customer (Fortis contact, Cash Practice patient). */
export interface ContactRecord extends Upstream {
  /** The EHR account number when the processor carries it (Fortis account_number/contact_api_id, Cash Practice TPS id). */
  accountNumber: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  mobile: string | null;
  dateOfBirth: string | null;
  active: boolean;
}

/** A stored card or bank account. Never the full number. */
export interface CardRecord extends Upstream {
  contactId: string | null;
  method: 'cc' | 'ach';
  brand: string | null;
  lastFour: string | null;
  expMonth: number | null;
  expYear: number | null;
  holderName: string | null;
  isDefault: boolean;
  active: boolean;
  hasRecurring: boolean;
  /** When the processor's account updater last refreshed it. */
  accountUpdaterAt: string | null;
  createdAt: string | null;
}

export type PlanStatus = 'not_started' | 'active' | 'on_hold' | 'ended' | 'completed';

/** A recurring payment plan (Fortis recurring, Cash Practice auto-debit). */
export interface RecurringPlanRecord extends Upstream {
  contactId: string | null;
  cardId: string | null;
  amountCents: number;
  intervalCount: number | null;
  intervalUnit: 'day' | 'week' | 'month' | 'semimonth' | null;
  planType: 'ongoing' | 'fixed' | null;
  paymentsTotal: number | null;
  paymentsMade: number | null;
  startDate: string | null;
  endDate: string | null;
  nextRunDate: string | null;
  status: PlanStatus;
  description: string | null;
  /** Cash Practice only: "paid up to date" (null when the processor does not say). */
  paidUp: boolean | null;
  paymentsShort: number | null;
  carePlanRef: string | null;
  groupName: string | null;
  createdAt: string | null;
}

export type TransactionStatus =
  'approved' | 'declined' | 'voided' | 'refunded' | 'returned' | 'pending' | 'authorized';

export interface TransactionRecord extends Upstream {
  contactId: string | null;
  cardId: string | null;
  amountCents: number;
  occurredAt: string | null;
  /** sale, auth_only, refund, … */
  kind: string | null;
  status: TransactionStatus;
  reasonCode: string | null;
  reasonText: string | null;
  planId: string | null;
  invoiceId: string | null;
  paylinkId: string | null;
  /** A card stored by this transaction (card-update links). */
  storedCardId: string | null;
}

/** A declined plan payment and whether a later payment cured it. */
export interface DeclinedPaymentRecord extends Upstream {
  planId: string | null;
  transactionId: string | null;
  status: 'unpaid' | 'paid';
  amountCents: number | null;
  declinedAt: string | null;
  reasonCode: string | null;
  reasonText: string | null;
}

export type InvoiceStatus = 'open' | 'paid' | 'partially_paid' | 'void';

export interface InvoiceRecord extends Upstream {
  /** The idempotency id we sent (quick_invoice_api_id), if any. */
  apiId: string | null;
  contactId: string | null;
  title: string | null;
  items: Array<{ name: string; amountCents: number }>;
  totalCents: number;
  paidCents: number;
  dueDate: string | null;
  paymentUrl: string | null;
  status: InvoiceStatus;
  createdAt: string | null;
}

export interface PaymentLinkRecord extends Upstream {
  /** The idempotency id we sent (paylink_api_id / reference), if any. */
  apiId: string | null;
  contactId: string | null;
  amountCents: number | null;
  url: string | null;
  status: 'open' | 'used' | 'paid' | 'expired' | 'void';
  createdAt: string | null;
}

/** A Cash Practice care plan for one patient (Corrective/Block → treatment, Wellness → membership). */
export interface CarePlanRecord extends Upstream {
  contactId: string | null;
  kind: 'treatment' | 'membership';
  name: string;
  totalVisits: number | null;
  visitsAllowed: number | null;
  period: 'week' | 'month' | null;
  startDate: string | null;
  endDate: string | null;
  processorPlanId: string | null;
}
