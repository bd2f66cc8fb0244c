import type { Collection, Entry } from './collection.js';
import { paymentUrl } from './fortis-api.js';
import { json, type ApiRequest, type Reply } from './http-types.js';
import { CASHPRACTICE_RESOURCES, type CashPracticeResource, type SandboxState } from './state.js';
import type { WireRecord } from './types.js';

/**
 * The provisional Cash Practice contract (cashpractice.md): Bearer key, cursor lists ordered by
 * `updated_at` with `updated_since` and `limit` (1..1000), and idempotent pay-now links.
 * The cursor is opaque to clients: base64url of the last record's (updated time, change sequence).
 */

function error(status: number, code: string, message: string): Reply {
  return json(status, { error: { code, message } });
}

function encodeCursor(entry: Entry): string {
  return Buffer.from(`${entry.ts}:${entry.seq}`).toString('base64url');
}

function decodeCursor(raw: string): { ts: number; seq: number } | undefined {
  const m = /^(\d+):(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  return m ? { ts: Number(m[1]), seq: Number(m[2]) } : undefined;
}

function list(req: ApiRequest, collection: Collection): Reply {
  const limitRaw = req.query.get('limit');
  const limit = limitRaw === null ? 100 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return error(400, 'invalid_request', 'limit must be an integer from 1 to 1000');
  }
  let start = 0;
  const since = req.query.get('updated_since');
  if (since !== null) {
    const at = Date.parse(since);
    if (Number.isNaN(at))
      return error(400, 'invalid_request', 'updated_since must be an ISO-8601 instant');
    start = collection.lowerBound(Math.ceil(at / 1000));
  }
  const cursorRaw = req.query.get('cursor');
  if (cursorRaw !== null && cursorRaw !== '') {
    const cursor = decodeCursor(cursorRaw);
    if (!cursor) return error(400, 'invalid_cursor', 'cursor is not valid');
    let i = collection.lowerBound(cursor.ts);
    const entries = collection.entries;
    while (i < entries.length) {
      const e = entries[i] as Entry;
      if (e.ts > cursor.ts || e.seq > cursor.seq) break;
      i++;
    }
    start = Math.max(start, i);
  }
  const entries = collection.entries;
  const end = Math.min(entries.length, start + limit);
  const data: WireRecord[] = [];
  for (let i = start; i < end; i++) data.push((entries[i] as Entry).rec);
  const last = entries[end - 1];
  return json(200, { data, next_cursor: end < entries.length && last ? encodeCursor(last) : null });
}

function createPayNowLink(state: SandboxState, req: ApiRequest): Reply {
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<
    string,
    unknown
  >;
  const cp = state.cashpractice;
  const reference = body.reference;
  if (typeof reference !== 'string' || reference === '') {
    return error(422, 'validation_error', 'reference is required');
  }
  const existingId = cp.references.get(reference);
  const existing = existingId ? cp.payNowLinks.get(existingId) : undefined;
  if (existing) return json(200, existing);
  if (typeof body.patient_id !== 'string' || !cp.lists.patients.get(body.patient_id)) {
    return error(422, 'validation_error', 'patient_id does not exist');
  }
  if (body.purpose !== 'payment' && body.purpose !== 'store_billing') {
    return error(422, 'validation_error', 'purpose must be "payment" or "store_billing"');
  }
  const amount = body.amount_cents;
  if (
    amount !== undefined &&
    amount !== null &&
    (!Number.isInteger(amount) || Number(amount) < 1)
  ) {
    return error(422, 'validation_error', 'amount_cents must be a positive integer');
  }
  const id = state.ids.cashPractice('pnl');
  const rec: WireRecord = {
    id,
    url: paymentUrl(req.origin, id),
    reference,
    patient_id: body.patient_id,
    purpose: body.purpose,
    amount_cents: amount ?? null,
    message: typeof body.message === 'string' ? body.message : null,
    status: 'open',
    used_at: null,
    created_at: '',
    updated_at: '',
  };
  cp.payNowLinks.insert(rec, state.now());
  rec.created_at = rec.updated_at;
  cp.references.set(reference, id);
  return json(201, rec);
}

/** Answers one Cash Practice request (path segments after `/cashpractice`). */
export function handleCashPractice(state: SandboxState, req: ApiRequest): Reply {
  const auth = req.headers.authorization;
  const value = Array.isArray(auth) ? auth[0] : auth;
  if (value !== `Bearer ${state.cashpractice.apiKey}`) {
    return error(401, 'unauthorized', 'The API key is missing or not valid.');
  }
  const [version, resource, id, ...extra] = req.segments;
  if (version !== 'v1' || !resource || extra.length > 0)
    return error(404, 'not_found', 'No such route.');
  if (resource === 'account' && !id && req.method === 'GET')
    return json(200, state.cashpractice.account);
  if (resource === 'pay-now-links') {
    if (!id && req.method === 'POST') return createPayNowLink(state, req);
    if (id && req.method === 'GET') {
      const rec = state.cashpractice.payNowLinks.get(id);
      return rec ? json(200, rec) : error(404, 'not_found', 'No such pay-now link.');
    }
    return error(404, 'not_found', 'No such route.');
  }
  if ((CASHPRACTICE_RESOURCES as readonly string[]).includes(resource) && req.method === 'GET') {
    const collection = state.cashpractice.lists[resource as CashPracticeResource];
    if (!id) return list(req, collection);
    const rec = collection.get(id);
    return rec ? json(200, rec) : error(404, 'not_found', `No such ${resource} record.`);
  }
  return error(404, 'not_found', 'No such route.');
}
