import { entryJson, type Collection } from './collection.js';
import { FORTIS_FILTER_KEYS, FORTIS_TYPE_NAMES } from './fortis-keys.js';
import { parseListQuery, runListQuery, type Filter, type ListQuery } from './fortis-query.js';
import { json, type ApiRequest, type Reply } from './http-types.js';
import type { FortisResource, SandboxState } from './state.js';
import type { WireRecord } from './types.js';

/** Fortis reads: the collection envelope, single records and the expand-only fields. */

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

/** A Fortis list page: `{type, list, links, pagination, sort}`. */
export function listReply(
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

/** A single record: `{type, data}`. */
export function single(
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
