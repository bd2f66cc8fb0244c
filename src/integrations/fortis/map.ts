import type {
  CardRecord,
  ContactRecord,
  DeclinedPaymentRecord,
  InvoiceRecord,
  PaymentLinkRecord,
  PlanStatus,
  RecurringPlanRecord,
  TransactionRecord,
  TransactionStatus,
} from '../../domain/records.js';
import { reasonText } from './reason-codes.js';
import type {
  ContactWire,
  DeclinedWire,
  PaylinkWire,
  QuickInvoiceWire,
  RecurringWire,
  TokenWire,
  TransactionWire,
} from './schemas.js';

// Fortis wire records (already validated by schemas.ts) → domain records (DOMAIN §1).

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Unix seconds → ISO-8601 UTC (null when absent or nonsense). */
export function tsToIso(ts: number | null): string | null {
  if (ts === null || !Number.isFinite(ts) || ts <= 0) return null;
  return new Date(Math.floor(ts) * 1000).toISOString();
}

function date(v: string | null): string | null {
  return v !== null && isoDate.test(v) ? v : null;
}

function cents(v: number | null): number | null {
  return v === null ? null : Math.round(v);
}

/** A contact: the account number is `account_number`, else `contact_api_id` (DOMAIN §2). */
export function mapContact(w: ContactWire, raw: unknown = w): ContactRecord {
  return {
    source: 'fortis',
    upstreamId: w.id,
    modifiedAt: tsToIso(w.modified_ts),
    raw,
    accountNumber: w.account_number ?? w.contact_api_id,
    firstName: w.first_name,
    lastName: w.last_name,
    email: w.email,
    mobile: w.cell_phone,
    dateOfBirth: date(w.date_of_birth),
    active: w.active ?? true,
  };
}

/** MMYY → {month, year}; anything else → nulls. */
export function parseExpDate(v: string | null): { month: number | null; year: number | null } {
  const m = v === null ? null : /^(\d{2})(\d{2})$/.exec(v);
  if (!m) return { month: null, year: null };
  const month = Number(m[1]);
  if (month < 1 || month > 12) return { month: null, year: null };
  return { month, year: 2000 + Number(m[2]) };
}

/** A token (stored card or bank account). Fortis has no "default card" flag. */
export function mapToken(w: TokenWire, raw: unknown = w): CardRecord {
  const exp = parseExpDate(w.exp_date);
  const method = w.payment_method === 'ach' ? 'ach' : 'cc';
  return {
    source: 'fortis',
    upstreamId: w.id,
    modifiedAt: tsToIso(w.modified_ts),
    raw,
    contactId: w.contact_id,
    method,
    brand: w.account_type,
    lastFour: w.last_four,
    expMonth: exp.month,
    expYear: exp.year,
    holderName: w.account_holder_name,
    isDefault: false,
    active: w.active ?? true,
    hasRecurring: w.has_recurring ?? false,
    accountUpdaterAt: tsToIso(w.cau_last_updated_ts),
    createdAt: tsToIso(w.created_ts),
  };
}

const intervalUnits: Record<string, RecurringPlanRecord['intervalUnit']> = {
  d: 'day',
  w: 'week',
  m: 'month',
};

function planStatus(status: string | null, active: boolean | null): PlanStatus {
  const s = (status ?? '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  if (s === 'on hold' || s === 'hold') return 'on_hold';
  if (s === 'ended' || s === 'inactive' || s === 'cancelled') return 'ended';
  if (s === 'completed' || s === 'complete') return 'completed';
  if (s === 'active') return 'active';
  return active === false ? 'ended' : 'active';
}

/** A recurring plan: "on hold" → on_hold; recurring_type_id o → ongoing, i → fixed (instalments). */
export function mapRecurring(w: RecurringWire, raw: unknown = w): RecurringPlanRecord {
  const type = (w.recurring_type_id ?? '').toLowerCase();
  return {
    source: 'fortis',
    upstreamId: w.id,
    modifiedAt: tsToIso(w.modified_ts),
    raw,
    contactId: w.contact_id,
    cardId: w.token_id ?? w.account_vault_id,
    amountCents: cents(w.transaction_amount) ?? 0,
    intervalCount: w.interval === null ? null : Math.round(w.interval),
    intervalUnit: intervalUnits[(w.interval_type ?? '').toLowerCase()] ?? null,
    planType: type === 'o' ? 'ongoing' : type === 'i' ? 'fixed' : null,
    paymentsTotal:
      w.installment_total_count === null ? null : Math.round(w.installment_total_count),
    paymentsMade: null,
    startDate: date(w.start_date),
    endDate: date(w.end_date),
    nextRunDate: date(w.next_run_date),
    status: planStatus(w.status, w.active),
    description: w.description,
    paidUp: null,
    paymentsShort: null,
    carePlanRef: null,
    groupName: null,
    createdAt: tsToIso(w.created_ts),
  };
}

/** status_code → transaction status (fortis.md §3.3; 13x are ACH in flight, 134 settled). */
export function transactionStatus(code: number | null): TransactionStatus {
  switch (code) {
    case 101:
    case 134:
    case 191:
      return 'approved';
    case 102:
      return 'authorized';
    case 111:
      return 'refunded';
    case 201:
      return 'voided';
    case 301:
      return 'declined';
    case 331:
      return 'returned';
    default:
      return 'pending';
  }
}

function transactionKind(w: TransactionWire): string | null {
  switch (w.status_code) {
    case 102:
      return 'auth_only';
    case 111:
      return 'refund';
    case 121:
      return 'avs_only';
    default:
      return w.payment_method === 'ach' ? 'ach_debit' : 'sale';
  }
}

/** A transaction, with reason code and text; a card stored by it (save_account) is remembered. */
export function mapTransaction(w: TransactionWire, raw: unknown = w): TransactionRecord {
  const tokenId = w.token_id ?? w.account_vault_id;
  const code = w.reason_code_id === null ? null : Math.round(w.reason_code_id);
  return {
    source: 'fortis',
    upstreamId: w.id,
    modifiedAt: tsToIso(w.modified_ts),
    raw,
    contactId: w.contact_id,
    cardId: tokenId,
    amountCents: cents(w.transaction_amount) ?? 0,
    occurredAt: tsToIso(w.created_ts),
    kind: transactionKind(w),
    status: transactionStatus(w.status_code === null ? null : Math.round(w.status_code)),
    reasonCode: code === null ? null : String(code),
    reasonText: reasonText(code),
    planId: w.recurring_id,
    invoiceId: w.quick_invoice_id,
    paylinkId: w.paylink_id,
    storedCardId: w.saved_account?.id ?? (w.save_account === true ? tokenId : null),
  };
}

/** What a declined plan payment borrows from its declined transaction, when that is cached. */
export interface DeclinedTransactionFacts {
  amountCents: number;
  occurredAt: string | null;
  reasonCode: string | null;
  reasonText: string | null;
}

/** A declined recurring payment; amount and reason come from the linked transaction when known. */
export function mapDeclined(
  w: DeclinedWire,
  linked: DeclinedTransactionFacts | undefined,
  raw: unknown = w,
): DeclinedPaymentRecord {
  return {
    source: 'fortis',
    upstreamId: w.id,
    modifiedAt: tsToIso(w.modified_ts),
    raw,
    planId: w.recurring_id,
    transactionId: w.declined_transaction_id,
    status:
      w.status?.toLowerCase() === 'paid' || w.payment_transaction_id !== null ? 'paid' : 'unpaid',
    amountCents: linked?.amountCents ?? null,
    declinedAt: linked?.occurredAt ?? tsToIso(w.created_ts),
    reasonCode: linked?.reasonCode ?? null,
    reasonText: linked?.reasonText ?? null,
  };
}

/**
 * Quick-invoice money. Requests and `item_list[].amount` are integer cents; the vendor's response
 * model types `amount_due`/`remaining_balance` as Float and shows 245.36. Decision: a whole number
 * is cents (what the API accepted, what the emulator serves); a value with a fractional part can
 * only be dollars, so it is multiplied by 100.
 */
export function quickInvoiceCents(v: number | null): number | null {
  if (v === null) return null;
  return Number.isInteger(v) ? v : Math.round(v * 100);
}

function invoiceStatus(w: QuickInvoiceWire, total: number, paid: number): InvoiceRecord['status'] {
  // payment_status_id: 1 unpaid, 2 partially paid, 3 paid (fortis.md §3.5, our reading).
  if (w.payment_status_id === 3 || (total > 0 && paid >= total)) return 'paid';
  if (w.active === false || w.status_code === 0) return 'void';
  if (w.payment_status_id === 2 || paid > 0) return 'partially_paid';
  return 'open';
}

/** A quick invoice: total from its items (integer cents), paid = total − remaining balance. */
export function mapQuickInvoice(w: QuickInvoiceWire, raw: unknown = w): InvoiceRecord {
  const items = w.item_list.map((i) => ({ name: i.name ?? '', amountCents: cents(i.amount) ?? 0 }));
  const itemTotal = items.reduce((sum, i) => sum + i.amountCents, 0);
  const due = quickInvoiceCents(w.amount_due);
  const total = items.length > 0 ? itemTotal : (due ?? 0);
  const remaining = quickInvoiceCents(w.remaining_balance);
  const paid = remaining === null ? 0 : Math.max(0, total - remaining);
  return {
    source: 'fortis',
    upstreamId: w.id,
    modifiedAt: tsToIso(w.modified_ts),
    raw,
    apiId: w.quick_invoice_api_id,
    contactId: w.contact_id,
    title: w.title,
    items,
    totalCents: total,
    paidCents: paid,
    dueDate: date(w.due_date),
    paymentUrl: w.payment_url,
    status: invoiceStatus(w, total, paid),
    createdAt: tsToIso(w.created_ts),
  };
}

/** A paylink: status_code 1 = paid, 0 = unpaid (open, or void when deactivated). */
export function mapPaylink(w: PaylinkWire, raw: unknown = w): PaymentLinkRecord {
  return {
    source: 'fortis',
    upstreamId: w.id,
    modifiedAt: tsToIso(w.modified_ts),
    raw,
    apiId: w.paylink_api_id,
    contactId: w.contact_id,
    amountCents: cents(w.amount_due),
    url: w.payment_url,
    status: w.status_code === 1 ? 'paid' : w.active === false ? 'void' : 'open',
    createdAt: tsToIso(w.created_ts),
  };
}
