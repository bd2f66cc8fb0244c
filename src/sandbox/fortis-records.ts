import type { WireRecord } from './types.js';

/**
 * Builders for Fortis v1 records in their wire shape (see ../shared/fixtures/fortis): unix-second
 * `*_ts`, integer cents, `exp_date` MMYY, legacy aliases next to the new names. Only the fields a
 * client plausibly reads are filled; expand-only relations are left out, as the real API does
 * without `expand`.
 */

export interface Base {
  id: string;
  locationId: string;
  userId: string;
  ts: number;
}

/** A contact (the processor's customer). */
export function contactRecord(
  b: Base,
  p: {
    accountNumber: string | null;
    firstName: string;
    lastName: string;
    email: string | null;
    cellPhone: string | null;
    dateOfBirth: string | null;
    active: boolean;
  },
): WireRecord {
  return {
    id: b.id,
    location_id: b.locationId,
    account_number: p.accountNumber,
    contact_api_id: null,
    first_name: p.firstName,
    last_name: p.lastName,
    email: p.email,
    cell_phone: p.cellPhone,
    cell_phone_country_code: p.cellPhone ? '+1' : null,
    home_phone: null,
    office_phone: null,
    date_of_birth: p.dateOfBirth,
    company_name: null,
    email_trx_receipt: true,
    header_message: null,
    header_message_type: 0,
    contact_c1: null,
    contact_c2: null,
    contact_c3: null,
    parent_id: null,
    active: p.active,
    created_ts: b.ts,
    modified_ts: b.ts,
    created_user_id: b.userId,
  };
}

/** A stored card (token, formerly account vault). */
export function tokenRecord(
  b: Base,
  p: {
    contactId: string;
    holder: string;
    brand: string;
    firstSix: string;
    lastFour: string;
    expDate: string;
    title: string | null;
    hasRecurring: boolean;
  },
): WireRecord {
  return {
    id: b.id,
    location_id: b.locationId,
    contact_id: p.contactId,
    account_holder_name: p.holder,
    account_type: p.brand,
    payment_method: 'cc',
    first_six: p.firstSix,
    card_bin: p.firstSix,
    last_four: p.lastFour,
    exp_date: p.expDate,
    expiring_in_months: null,
    title: p.title,
    token_api_id: null,
    account_vault_api_id: null,
    has_recurring: p.hasRecurring,
    active: true,
    cau_summary_status_id: 0,
    cau_last_updated_ts: null,
    routing_number: null,
    created_ts: b.ts,
    modified_ts: b.ts,
    created_user_id: b.userId,
  };
}

/** A recurring payment plan. */
export function recurringRecord(
  b: Base,
  p: {
    contactId: string;
    tokenId: string | null;
    description: string;
    amount: number;
    startDate: string;
    nextRunDate: string;
    installments: number | null;
    status: 'active' | 'on hold' | 'ended';
    productTransactionId: string;
  },
): WireRecord {
  return {
    id: b.id,
    location_id: b.locationId,
    contact_id: p.contactId,
    token_id: p.tokenId,
    account_vault_id: p.tokenId,
    description: p.description,
    interval: 1,
    interval_type: 'm',
    start_date: p.startDate,
    end_date: null,
    next_run_date: p.nextRunDate,
    installment_total_count: p.installments,
    installment_amount_total: p.installments === null ? null : p.installments * p.amount,
    recurring_type_id: p.installments === null ? 'o' : 'i',
    transaction_amount: p.amount,
    secondary_amount: 0,
    notification_days: 0,
    payment_method: 'cc',
    product_transaction_id: p.productTransactionId,
    recurring_api_id: null,
    status: p.status,
    active: p.status !== 'ended',
    send_to_proc_as_recur: true,
    terms_agree: true,
    currency: 'USD',
    created_ts: b.ts,
    modified_ts: b.ts,
    created_user_id: b.userId,
  };
}

export interface TransactionInput {
  contactId: string | null;
  tokenId: string | null;
  amount: number;
  statusCode: number;
  reasonCodeId: number;
  brand: string;
  firstSix: string;
  lastFour: string;
  holder: string;
  description: string;
  trxSourceId: number;
  recurringId?: string | null;
  quickInvoiceId?: string | null;
  paylinkId?: string | null;
  settleDate: string | null;
  authCode: string | null;
  productTransactionId: string;
  saveAccount?: boolean;
}

const VERBIAGE: Record<number, string> = {
  1000: 'APPROVED',
  1200: 'VOIDED',
  1615: 'DO NOT HONOR',
  1616: 'NSF',
  1622: 'CARD EXPIRED',
};

/** A transaction; declines are transactions with status_code 301, not HTTP errors. */
export function transactionRecord(b: Base, p: TransactionInput): WireRecord {
  return {
    id: b.id,
    location_id: b.locationId,
    contact_id: p.contactId,
    token_id: p.tokenId,
    account_vault_id: p.tokenId,
    is_token: p.tokenId !== null,
    is_accountvault: p.tokenId !== null,
    recurring_id: p.recurringId ?? null,
    is_recurring: (p.recurringId ?? null) !== null,
    quick_invoice_id: p.quickInvoiceId ?? null,
    paylink_id: p.paylinkId ?? null,
    transaction_amount: p.amount,
    auth_amount: p.statusCode === 301 ? 0 : p.amount,
    subtotal_amount: p.amount,
    status_code: p.statusCode,
    reason_code_id: p.reasonCodeId,
    type_id: p.statusCode === 102 ? 21 : 20,
    payment_method: 'cc',
    account_type: p.brand,
    first_six: p.firstSix,
    last_four: p.lastFour,
    account_holder_name: p.holder,
    description: p.description,
    order_number: null,
    transaction_api_id: null,
    auth_code: p.authCode,
    verbiage: VERBIAGE[p.reasonCodeId] ?? (p.statusCode === 301 ? 'DECLINED' : 'APPROVED'),
    response_message: null,
    settle_date: p.settleDate,
    void_date: null,
    trx_source_id: p.trxSourceId,
    entry_mode_id: 'K',
    save_account: p.saveAccount ?? false,
    currency_code: 840,
    product_transaction_id: p.productTransactionId,
    transaction_batch_id: null,
    created_ts: b.ts,
    modified_ts: b.ts,
    created_user_id: b.userId,
  };
}

/** A declined recurring payment (`unpaid` until cured). */
export function declinedRecord(
  b: Base,
  p: { recurringId: string; declinedTransactionId: string; paymentTransactionId: string | null },
): WireRecord {
  return {
    id: b.id,
    location_id: b.locationId,
    recurring_id: p.recurringId,
    declined_transaction_id: p.declinedTransactionId,
    payment_transaction_id: p.paymentTransactionId,
    status: p.paymentTransactionId === null ? 'unpaid' : 'paid',
    created_ts: b.ts,
    created_user_id: b.userId,
    modified_ts: b.ts,
    modified_user_id: b.userId,
  };
}

/** Reads a string field of a wire record ('' when absent). */
export function str(r: WireRecord, key: string): string {
  const v = r[key];
  return typeof v === 'string' ? v : '';
}

/** Reads a number field of a wire record (0 when absent). */
export function num(r: WireRecord, key: string): number {
  const v = r[key];
  return typeof v === 'number' ? v : 0;
}
