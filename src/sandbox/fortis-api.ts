import { entryJson, type Collection } from './collection.js';
import { notFound, preconditionFailed, unauthorized } from './fortis-errors.js';
import { FORTIS_FILTER_KEYS, FORTIS_TYPE_NAMES } from './fortis-keys.js';
import { itemList, paylinkRecord, quickInvoiceRecord } from './fortis-links.js';
import { parseListQuery, runListQuery, type Filter, type ListQuery } from './fortis-query.js';
import type { Base } from './fortis-records.js';
import { json, type ApiRequest, type Reply } from './http-types.js';
import { FORTIS_RESOURCES, type FortisResource, type SandboxState } from './state.js';
import type { WireRecord } from './types.js';

const REASON_TITLES: Record<number, string> = {
  1000: 'Approved',
  1200: 'Voided',
  1615: 'Do not honor',
  1616: 'NSF',
  1622: 'Card expired',
};
const STATUS_TITLES: Record<number, string> = {
  101: 'Sale cc Approved',
  102: 'Sale cc AuthOnly',
  201: 'Voided',
  301: 'Declined',
};

function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The URL a patient opens to pay (served by the emulator itself). */
export function paymentUrl(origin: string, id: string): string {
  return `${origin}/pay/${id}`;
}

/** Adds the expand-only fields a client asked for (never stored). */
function decorate(
  resource: string,
  rec: WireRecord,
  expand: Set<string>,
  origin: string,
): WireRecord {
  if (expand.size === 0) return rec;
  if ((resource === 'quick-invoices' || resource === 'paylinks') && expand.has('payment_url')) {
    return { ...rec, payment_url: paymentUrl(origin, rec.id) };
  }
  if (resource === 'transactions') {
    const out: WireRecord = { ...rec };
    const reason = Number(rec.reason_code_id);
    const status = Number(rec.status_code);
    if (expand.has('reason_code'))
      out.reason_code = { id: reason, title: REASON_TITLES[reason] ?? 'Declined' };
    if (expand.has('status'))
      out.status = { id: status, title: STATUS_TITLES[status] ?? String(status) };
    if (expand.has('type'))
      out.type = { id: rec.type_id, title: rec.type_id === 21 ? 'Auth Only' : 'Sale' };
    return out;
  }
  return rec;
}

function expandOf(query: URLSearchParams): Set<string> {
  const expand = new Set<string>();
  for (const [k, v] of query) {
    if (k === 'expand' || k === 'expand[]' || /^expand\[\d+\]$/.test(k)) {
      for (const part of v.split(',')) if (part.trim()) expand.add(part.trim());
    }
  }
  return expand;
}

function linkFor(path: string, size: number, page: number | null): string | null {
  return page === null ? null : `/v1/${path}?page[size]=${size}&page[number]=${page}`;
}

function listReply(
  state: SandboxState,
  req: ApiRequest,
  resource: FortisResource | 'locations',
  collection: Collection,
): Reply {
  const parsed = parseListQuery(req.query, FORTIS_FILTER_KEYS[resource]);
  if ('status' in parsed) return parsed;
  const q: ListQuery = parsed;
  // Every record lives at the one location, so filtering on it is a no-op (keeps the fast path).
  const alwaysTrue = (f: Filter): boolean =>
    f.key === 'location_id' &&
    ((f.operator === '=' && f.value === state.fortis.locationId) ||
      (f.operator === 'IN' &&
        f.value
          .split(',')
          .map((v) => v.trim())
          .includes(state.fortis.locationId)));
  const { entries, total } = runListQuery(collection, q, alwaysTrue);
  const pageCount = Math.ceil(total / q.pageSize);
  const n = q.pageNumber;
  // Records are serialised once and cached (a sync pulls 250,000 of them); expand makes copies.
  const list =
    q.expand.size > 0
      ? entries.map((e) => JSON.stringify(decorate(resource, e.rec, q.expand, req.origin)))
      : entries.map(entryJson);
  const rest = JSON.stringify({
    links: {
      type: 'Links',
      first: linkFor(resource, q.pageSize, 1),
      previous: linkFor(
        resource,
        q.pageSize,
        n > 1 ? Math.min(n - 1, Math.max(pageCount, 1)) : null,
      ),
      next: linkFor(resource, q.pageSize, n < pageCount ? n + 1 : null),
      last: linkFor(resource, q.pageSize, Math.max(pageCount, 1)),
    },
    pagination: {
      type: 'Pagination',
      total_count: total,
      page_count: pageCount,
      page_number: n,
      page_size: q.pageSize,
    },
    sort: {
      type: 'Sorting',
      fields:
        q.order.length > 0
          ? q.order.map((o) => ({ field: o.key, order: o.operator }))
          : [{ field: 'modified_ts', order: 'asc' }],
    },
  });
  const typeName = JSON.stringify(FORTIS_TYPE_NAMES[resource][0]);
  return {
    status: 200,
    body: null,
    raw: `{"type":${typeName},"list":[${list.join(',')}],${rest.slice(1)}`,
  };
}

function single(
  resource: FortisResource | 'locations',
  rec: WireRecord,
  req: ApiRequest,
  status = 200,
): Reply {
  return json(status, {
    type: FORTIS_TYPE_NAMES[resource][1],
    data: decorate(resource, rec, expandOf(req.query), req.origin),
  });
}

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

function createQuickInvoice(state: SandboxState, req: ApiRequest): Reply {
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

function createPaylink(state: SandboxState, req: ApiRequest): Reply {
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

function patchRecurring(state: SandboxState, req: ApiRequest, id: string): Reply {
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

function voidTransaction(state: SandboxState, req: ApiRequest, id: string): Reply {
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

function resendQuickInvoice(state: SandboxState, req: ApiRequest, id: string): Reply {
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

function deleteQuickInvoice(state: SandboxState, req: ApiRequest, id: string): Reply {
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

/** Answers one Fortis v1 request (path segments after `/fortis`). */
export function handleFortis(state: SandboxState, req: ApiRequest): Reply {
  const f = state.fortis;
  if (
    header(req, 'user-id') !== f.userId ||
    header(req, 'user-api-key') !== f.userApiKey ||
    header(req, 'developer-id') !== f.developerId
  ) {
    return unauthorized();
  }
  const [version, resource, id, action, ...extra] = req.segments;
  if (version !== 'v1' || !resource || extra.length > 0) return notFound('Route');
  const m = req.method;

  if (resource === 'users' && id === 'me' && !action && m === 'GET') {
    return json(200, { type: 'User', data: f.user });
  }
  if (resource === 'locations' && m === 'GET' && !action) {
    if (!id) return listReply(state, req, 'locations', f.locations);
    const loc = f.locations.get(id);
    return loc ? single('locations', loc, req) : notFound('Location');
  }
  if (!(FORTIS_RESOURCES as readonly string[]).includes(resource)) return notFound('Route');
  const name = resource as FortisResource;
  const list = f.lists[name];

  if (!id) {
    if (m === 'GET') return listReply(state, req, name, list);
    if (m === 'POST' && name === 'quick-invoices') return createQuickInvoice(state, req);
    if (m === 'POST' && name === 'paylinks') return createPaylink(state, req);
    return notFound('Route');
  }
  if (!action) {
    if (m === 'GET') {
      const rec = list.get(id);
      return rec ? single(name, rec, req) : notFound(FORTIS_TYPE_NAMES[name][1]);
    }
    if (m === 'PATCH' && name === 'recurrings') return patchRecurring(state, req, id);
    if (m === 'DELETE' && name === 'quick-invoices') return deleteQuickInvoice(state, req, id);
    return notFound('Route');
  }
  if (name === 'transactions' && action === 'void' && (m === 'PUT' || m === 'PATCH')) {
    return voidTransaction(state, req, id);
  }
  if (name === 'quick-invoices' && action === 'resend' && m === 'POST') {
    return resendQuickInvoice(state, req, id);
  }
  return notFound('Route');
}
