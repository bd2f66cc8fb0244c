import type { Base } from './fortis-records.js';
import type { WireRecord } from './types.js';

/**
 * Quick invoices and paylinks, built from a create body. Amounts are integer cents both ways: the
 * vendor docs type the quick-invoice response amounts as Float (`245.36`), but the requests are
 * cents and the emulator keeps one unit (documented in docs/SANDBOX.md).
 * Quick invoice `payment_status_id`: 1 unpaid, 2 partially paid, 3 paid (our reading; undocumented).
 * Paylink `status_code`: 0 unpaid, 1 paid/used (documented).
 */

type Body = Record<string, unknown>;

function s(body: Body, key: string): string | null {
  const v = body[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function n(body: Body, key: string): number | null {
  const v = body[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function b(body: Body, key: string, fallback: boolean): boolean {
  const v = body[key];
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true') return true;
  if (v === 0 || v === '0' || v === 'false') return false;
  return fallback;
}

/** The item list of a quick-invoice body, normalised to {name, amount}. */
export function itemList(body: Body): Array<{ name: string; amount: number }> {
  const raw = body.item_list;
  if (!Array.isArray(raw)) return [];
  return raw.map((i: unknown) => {
    const item = (i ?? {}) as Body;
    return { name: s(item, 'name') ?? '', amount: n(item, 'amount') ?? 0 };
  });
}

/** A quick invoice from its create body. */
export function quickInvoiceRecord(base: Base, body: Body, ccProductId: string): WireRecord {
  const items = itemList(body);
  const total = n(body, 'amount_due') ?? items.reduce((sum, i) => sum + i.amount, 0);
  return {
    id: base.id,
    location_id: s(body, 'location_id') ?? base.locationId,
    title: s(body, 'title'),
    due_date: s(body, 'due_date'),
    expire_date: s(body, 'expire_date'),
    item_list: items,
    amount_due: total,
    remaining_balance: total,
    contact_id: s(body, 'contact_id'),
    contact_api_id: s(body, 'contact_api_id'),
    quick_invoice_api_id: s(body, 'quick_invoice_api_id'),
    customer_id: s(body, 'customer_id'),
    email: s(body, 'email'),
    cell_phone: s(body, 'cell_phone'),
    invoice_number: s(body, 'invoice_number'),
    item_header: s(body, 'item_header'),
    item_footer: s(body, 'item_footer'),
    note: s(body, 'note'),
    send_email: b(body, 'send_email', false),
    send_text_to_pay: b(body, 'send_text_to_pay', false),
    allow_partial_pay: b(body, 'allow_partial_pay', false),
    allow_overpayment: b(body, 'allow_overpayment', false),
    cc_product_transaction_id: s(body, 'cc_product_transaction_id') ?? ccProductId,
    ach_product_transaction_id: s(body, 'ach_product_transaction_id'),
    tags: Array.isArray(body.tags) ? body.tags : [],
    status_id: 1,
    status_code: 1,
    payment_status_id: 1,
    active: true,
    is_active: true,
    created_ts: base.ts,
    modified_ts: base.ts,
    created_user_id: base.userId,
    modified_user_id: base.userId,
  };
}

/** A paylink from its create body. */
export function paylinkRecord(base: Base, body: Body, ccProductId: string): WireRecord {
  return {
    id: base.id,
    location_id: s(body, 'location_id') ?? base.locationId,
    contact_id: s(body, 'contact_id'),
    contact_api_id: s(body, 'contact_api_id'),
    paylink_api_id: s(body, 'paylink_api_id'),
    amount_due: n(body, 'amount_due'),
    description: s(body, 'description'),
    email: s(body, 'email'),
    cell_phone: s(body, 'cell_phone'),
    expire_date: s(body, 'expire_date'),
    delivery_method: n(body, 'delivery_method') ?? 0,
    store_token: b(body, 'store_token', false),
    store_token_title: s(body, 'store_token_title'),
    paylink_action: s(body, 'paylink_action') ?? 'sale',
    cc_product_transaction_id: s(body, 'cc_product_transaction_id') ?? ccProductId,
    ach_product_transaction_id: s(body, 'ach_product_transaction_id'),
    display_billing_fields: b(body, 'display_billing_fields', true),
    display_product_transaction_receipt_details: true,
    redirect_url_on_approve: s(body, 'redirect_url_on_approve'),
    redirect_url_on_decline: s(body, 'redirect_url_on_decline'),
    redirect_url_delay: n(body, 'redirect_url_delay') ?? 15,
    bank_funded_only_override: false,
    tags: Array.isArray(body.tags) ? body.tags : [],
    status_id: true,
    status_code: 0,
    active: true,
    created_ts: base.ts,
    modified_ts: base.ts,
    created_user_id: base.userId,
    modified_user_id: base.userId,
  };
}
