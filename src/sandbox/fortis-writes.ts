import { notFound, preconditionFailed } from './fortis-errors.js';
import { itemList, paylinkRecord, quickInvoiceRecord } from './fortis-links.js';
import type { Base } from './fortis-records.js';
import { single } from './fortis-reads.js';
import { json, type ApiRequest, type Reply } from './http-types.js';
import type { SandboxState } from './state.js';
import type { WireRecord } from './types.js';

/** Fortis writes: quick invoices, paylinks (idempotent by their api ids), recurring changes, voids. */

function bodyOf(req: ApiRequest): Record<string, unknown> {
  return req.body && typeof req.body === 'object' && !Array.isArray(req.body)
    ? (req.body as Record<string, unknown>)
    : {};
}

function newBase(state: SandboxState, kind: 'quickInvoice' | 'paylink'): Base {
  return {
    id: state.ids.fortis(kind),
    locationId: state.fortis.locationId,
    userId: state.fortis.userId,
    ts: state.now(),
  };
}

function checkLocation(state: SandboxState, body: Record<string, unknown>): Reply | undefined {
  if (body.location_id !== undefined && body.location_id !== state.fortis.locationId) {
    return preconditionFailed('"location_id" is not a location this user can access', [
      'location_id',
    ]);
  }
  return undefined;
}

function checkContact(state: SandboxState, body: Record<string, unknown>): Reply | undefined {
  if (body.contact_id === undefined || body.contact_id === null) return undefined;
  if (typeof body.contact_id !== 'string' || !state.fortis.lists.contacts.get(body.contact_id)) {
    return preconditionFailed('"contact_id" does not exist', ['contact_id']);
  }
  return undefined;
}

/** POST /v1/quick-invoices (the same quick_invoice_api_id returns the existing invoice, 200). */
export function createQuickInvoice(state: SandboxState, req: ApiRequest): Reply {
  const body = bodyOf(req);
  const apiId = typeof body.quick_invoice_api_id === 'string' ? body.quick_invoice_api_id : null;
  const list = state.fortis.lists['quick-invoices'];
  if (apiId) {
    const existing = state.fortis.quickInvoiceApiIds.get(apiId);
    const rec = existing ? list.get(existing) : undefined;
    if (rec) return single('quick-invoices', rec, req, 200);
  }
  if (typeof body.title !== 'string' || body.title.length === 0) {
    return preconditionFailed('"title" is required', ['title'], 'any.required');
  }
  if (body.title.length > 64)
    return preconditionFailed(
      '"title" length must be less than or equal to 64 characters long',
      ['title'],
      'string.max',
    );
  if (typeof body.due_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.due_date)) {
    return preconditionFailed(
      '"due_date" is required and must be YYYY-MM-DD',
      ['due_date'],
      'any.required',
    );
  }
  const items = itemList(body);
  if (items.length === 0)
    return preconditionFailed('"item_list" is required', ['item_list'], 'any.required');
  for (const [i, item] of items.entries()) {
    if (!item.name)
      return preconditionFailed(
        `"item_list[${i}].name" is required`,
        ['item_list', String(i), 'name'],
        'any.required',
      );
    if (!Number.isInteger(item.amount))
      return preconditionFailed(
        `"item_list[${i}].amount" must be an integer`,
        ['item_list', String(i), 'amount'],
        'number.integer',
      );
  }
  const invalid = checkLocation(state, body) ?? checkContact(state, body);
  if (invalid) return invalid;
  const base = newBase(state, 'quickInvoice');
  const rec = quickInvoiceRecord(base, body, state.fortis.productTransactionId);
  list.insert(rec, base.ts);
  if (apiId) state.fortis.quickInvoiceApiIds.set(apiId, rec.id);
  return single('quick-invoices', rec, req, 201);
}

/** POST /v1/paylinks (the same paylink_api_id returns the existing paylink, 200). */
export function createPaylink(state: SandboxState, req: ApiRequest): Reply {
  const body = bodyOf(req);
  const apiId = typeof body.paylink_api_id === 'string' ? body.paylink_api_id : null;
  const list = state.fortis.lists.paylinks;
  if (apiId) {
    const existing = state.fortis.paylinkApiIds.get(apiId);
    const rec = existing ? list.get(existing) : undefined;
    if (rec) return single('paylinks', rec, req, 200);
  }
  const amount = body.amount_due;
  if (amount === undefined || amount === null)
    return preconditionFailed('"amount_due" is required', ['amount_due'], 'any.required');
  if (
    typeof amount !== 'number' ||
    !Number.isInteger(amount) ||
    amount < 1 ||
    amount > 999_999_999
  ) {
    return preconditionFailed(
      '"amount_due" must be an integer between 1 and 999999999',
      ['amount_due'],
      'number.base',
    );
  }
  if (
    body.paylink_action !== undefined &&
    body.paylink_action !== 'sale' &&
    body.paylink_action !== 'auth-only'
  ) {
    return preconditionFailed(
      '"paylink_action" must be one of [sale, auth-only]',
      ['paylink_action'],
      'any.only',
    );
  }
  if (body.delivery_method !== undefined && ![0, 1, 2, 3].includes(Number(body.delivery_method))) {
    return preconditionFailed(
      '"delivery_method" must be one of [0, 1, 2, 3]',
      ['delivery_method'],
      'any.only',
    );
  }
  const invalid = checkLocation(state, body) ?? checkContact(state, body);
  if (invalid) return invalid;
  const base = newBase(state, 'paylink');
  const rec = paylinkRecord(base, body, state.fortis.productTransactionId);
  list.insert(rec, base.ts);
  if (apiId) state.fortis.paylinkApiIds.set(apiId, rec.id);
  return single('paylinks', rec, req, 201);
}

/** PATCH /v1/recurrings/{id}: amount, dates, status, or a new token of the same contact. */
export function patchRecurring(state: SandboxState, req: ApiRequest, id: string): Reply {
  const recurrings = state.fortis.lists.recurrings;
  const current = recurrings.get(id);
  if (!current) return notFound('Recurring');
  const body = bodyOf(req);
  const tokenId = body.token_id ?? body.account_vault_id;
  if (tokenId !== undefined) {
    const token = typeof tokenId === 'string' ? state.fortis.lists.tokens.get(tokenId) : undefined;
    if (!token) return preconditionFailed('"token_id" does not exist', ['token_id']);
    if (token.contact_id !== current.contact_id) {
      return preconditionFailed('"token_id" belongs to another contact', ['token_id']);
    }
  }
  if (body.status !== undefined && !['active', 'on hold', 'ended'].includes(String(body.status))) {
    return preconditionFailed(
      '"status" must be one of [active, on hold, ended]',
      ['status'],
      'any.only',
    );
  }
  if (
    body.transaction_amount !== undefined &&
    (!Number.isInteger(body.transaction_amount) || Number(body.transaction_amount) < 1)
  ) {
    return preconditionFailed(
      '"transaction_amount" must be a positive integer',
      ['transaction_amount'],
      'number.base',
    );
  }
  if (body.next_run_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.next_run_date))) {
    return preconditionFailed(
      '"next_run_date" must be YYYY-MM-DD',
      ['next_run_date'],
      'string.pattern.base',
    );
  }
  const now = state.now();
  const oldToken = typeof current.token_id === 'string' ? current.token_id : null;
  const updated = recurrings.update(id, now, (r) => {
    for (const key of [
      'description',
      'transaction_amount',
      'next_run_date',
      'status',
      'end_date',
      'notification_days',
    ]) {
      if (body[key] !== undefined) r[key] = body[key];
    }
    if (body.active !== undefined) r.active = Boolean(body.active);
    if (body.status !== undefined) r.active = body.status !== 'ended';
    if (tokenId !== undefined) {
      r.token_id = tokenId;
      r.account_vault_id = tokenId;
    }
  }) as WireRecord;
  if (tokenId !== undefined && tokenId !== oldToken) {
    state.fortis.lists.tokens.update(String(tokenId), now, (t) => {
      t.has_recurring = true;
    });
    if (oldToken) {
      const stillUsed = state.fortis.lists.recurrings
        .records()
        .some((r) => r.token_id === oldToken && r.status !== 'ended');
      if (!stillUsed)
        state.fortis.lists.tokens.update(oldToken, now, (t) => {
          t.has_recurring = false;
        });
    }
  }
  return single('recurrings', updated, req);
}

/** PUT|PATCH /v1/transactions/{id}/void: approved or auth-only → 201 Voided, reason 1200. */
export function voidTransaction(state: SandboxState, req: ApiRequest, id: string): Reply {
  const list = state.fortis.lists.transactions;
  const rec = list.get(id);
  if (!rec) return notFound('Transaction');
  if (rec.status_code !== 101 && rec.status_code !== 102) {
    return preconditionFailed('Transaction is not voidable', ['transaction_id'], 'any.invalid');
  }
  const updated = list.update(id, state.now(), (r) => {
    r.status_code = 201;
    r.reason_code_id = 1200;
    r.verbiage = 'VOIDED';
    r.void_date = state.today();
    const body = bodyOf(req);
    if (typeof body.description === 'string') r.description = body.description;
  }) as WireRecord;
  return single('transactions', updated, req);
}

/** POST /v1/quick-invoices/{id}/resend?email=0|1&sms=0|1. */
export function resendQuickInvoice(state: SandboxState, req: ApiRequest, id: string): Reply {
  const rec = state.fortis.lists['quick-invoices'].get(id);
  if (!rec) return notFound('Quick Invoice');
  const email = req.query.get('email') !== '0';
  const sms = req.query.get('sms') === '1';
  return json(200, {
    type: 'QuickInvoiceResend',
    data: {
      id,
      email_log_id: email ? state.ids.fortis('quickInvoice') : null,
      sms_log_id: sms ? state.ids.fortis('quickInvoice') : null,
      success: email,
      sms_success: sms,
      email: rec.email ?? null,
    },
  });
}

/** DELETE /v1/quick-invoices/{id}: kept in the list, inactive, so a sync sees it. */
export function deleteQuickInvoice(state: SandboxState, req: ApiRequest, id: string): Reply {
  const list = state.fortis.lists['quick-invoices'];
  if (!list.get(id)) return notFound('Quick Invoice');
  // Kept in the list (inactive) so an incremental sync sees the change.
  const rec = list.update(id, state.now(), (r) => {
    r.active = false;
    r.is_active = false;
    r.status_code = 0;
    r.status_id = 0;
  }) as WireRecord;
  return single('quick-invoices', rec, req);
}
