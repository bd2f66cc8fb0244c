import type { Collection, Entry } from './collection.js';
import { preconditionFailed } from './fortis-errors.js';
import type { Reply } from './http-types.js';
import type { WireRecord } from './types.js';

/**
 * Fortis list parameters (fortis.md §2): `page[number]`/`page[size]` (1..5000, default 50),
 * `filter_by[i][key|operator|value]` with = >= <= IN (and a few more), `order[i][key|operator]`,
 * `expand` — in bracket form or as JSON (`filter_by=[{…}]`). Unknown keys or operators → 412.
 */
export interface Filter {
  key: string;
  operator: string;
  value: string;
}
export interface Order {
  key: string;
  operator: 'asc' | 'desc';
}
export interface ListQuery {
  pageNumber: number;
  pageSize: number;
  filters: Filter[];
  order: Order[];
  expand: Set<string>;
}

export const MAX_PAGE_SIZE = 5000;
export const DEFAULT_PAGE_SIZE = 50;
const OPERATORS = new Set(['=', '!=', '>=', '<=', '>', '<', 'IN', 'NOT IN']);

function collectIndexed(query: URLSearchParams, name: string): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${name}\\[(\\d+)\\]\\[(\\w+)\\]$`);
  for (const [k, v] of query) {
    const m = pattern.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    const item = out.get(i) ?? {};
    item[m[2] as string] = v;
    out.set(i, item);
  }
  return out;
}

function parseJsonArray(raw: string): Array<Record<string, unknown>> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    if (Array.isArray(v)) return v as Array<Record<string, unknown>>;
    if (v && typeof v === 'object') return [v as Record<string, unknown>];
  } catch {
    // fall through
  }
  return undefined;
}

/** Parses the list parameters, or returns the 412 reply. */
export function parseListQuery(
  query: URLSearchParams,
  allowedKeys: ReadonlySet<string>,
): ListQuery | Reply {
  let pageNumber = 1;
  let pageSize = DEFAULT_PAGE_SIZE;
  const pageJson = query.get('page');
  let rawNumber = query.get('page[number]');
  let rawSize = query.get('page[size]');
  if (pageJson) {
    const parsed = parseJsonArray(pageJson)?.[0];
    if (!parsed) return preconditionFailed('"page" must be an object', ['page'], 'object.base');
    if (parsed.number !== undefined) rawNumber = String(parsed.number);
    if (parsed.size !== undefined) rawSize = String(parsed.size);
  }
  if (rawNumber !== null) {
    pageNumber = Number(rawNumber);
    if (!Number.isInteger(pageNumber) || pageNumber < 1) {
      return preconditionFailed(
        '"page.number" must be greater than or equal to 1',
        ['page', 'number'],
        'number.min',
      );
    }
  }
  if (rawSize !== null) {
    pageSize = Number(rawSize);
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      return preconditionFailed(
        '"page.size" must be greater than or equal to 1',
        ['page', 'size'],
        'number.min',
      );
    }
    if (pageSize > MAX_PAGE_SIZE) {
      return preconditionFailed(
        `"page.size" must be less than or equal to ${MAX_PAGE_SIZE}`,
        ['page', 'size'],
        'number.max',
      );
    }
  }

  const filters: Filter[] = [];
  const filterJson = query.get('filter_by');
  const filterItems: Array<Record<string, unknown>> = [];
  if (filterJson) {
    const parsed = parseJsonArray(filterJson);
    if (!parsed)
      return preconditionFailed('"filter_by" must be an array', ['filter_by'], 'array.base');
    filterItems.push(...parsed);
  }
  for (const [, item] of [...collectIndexed(query, 'filter_by')].sort((a, b) => a[0] - b[0])) {
    filterItems.push(item);
  }
  for (const [i, item] of filterItems.entries()) {
    const key = typeof item.key === 'string' ? item.key : '';
    const operator = typeof item.operator === 'string' ? item.operator.toUpperCase() : '=';
    const value = item.value === undefined || item.value === null ? '' : String(item.value);
    if (!allowedKeys.has(key)) {
      return preconditionFailed(
        `"filter_by[${i}].key" must be one of the allowed keys`,
        ['filter_by', String(i), 'key'],
        'any.only',
      );
    }
    if (!OPERATORS.has(operator)) {
      return preconditionFailed(
        `"filter_by[${i}].operator" must be one of [=, >=, <=, IN]`,
        ['filter_by', String(i), 'operator'],
        'any.only',
      );
    }
    filters.push({ key, operator, value });
  }

  const order: Order[] = [];
  const orderItems: Array<Record<string, unknown>> = [];
  const orderJson = query.get('order');
  if (orderJson) {
    const parsed = parseJsonArray(orderJson);
    if (!parsed) return preconditionFailed('"order" must be an array', ['order'], 'array.base');
    orderItems.push(...parsed);
  }
  for (const [, item] of [...collectIndexed(query, 'order')].sort((a, b) => a[0] - b[0])) {
    orderItems.push(item);
  }
  for (const [i, item] of orderItems.entries()) {
    const key = typeof item.key === 'string' ? item.key : '';
    const op = typeof item.operator === 'string' ? item.operator.toLowerCase() : 'asc';
    if (!allowedKeys.has(key)) {
      return preconditionFailed(
        `"order[${i}].key" must be one of the allowed keys`,
        ['order', String(i), 'key'],
        'any.only',
      );
    }
    if (op !== 'asc' && op !== 'desc') {
      return preconditionFailed(
        `"order[${i}].operator" must be one of [asc, desc]`,
        ['order', String(i), 'operator'],
        'any.only',
      );
    }
    order.push({ key, operator: op });
  }

  const expand = new Set<string>();
  for (const [k, v] of query) {
    if (k === 'expand' || k === 'expand[]' || /^expand\[\d+\]$/.test(k)) {
      for (const part of v.split(',')) if (part.trim()) expand.add(part.trim());
    }
  }
  return { pageNumber, pageSize, filters, order, expand };
}

function matches(actual: unknown, wanted: string): boolean {
  if (actual === null || actual === undefined) return wanted === '' || wanted === 'null';
  if (typeof actual === 'number') return actual === Number(wanted);
  if (typeof actual === 'boolean') return actual === (wanted === 'true' || wanted === '1');
  return String(actual) === wanted;
}

function compare(actual: unknown, wanted: string): number | undefined {
  if (actual === null || actual === undefined) return undefined;
  if (typeof actual === 'number') {
    const w = Number(wanted);
    return Number.isNaN(w) ? undefined : actual - w;
  }
  const a = String(actual);
  return a < wanted ? -1 : a > wanted ? 1 : 0;
}

function predicate(f: Filter): (r: WireRecord) => boolean {
  const key = f.key;
  switch (f.operator) {
    case '=':
      return (r) => matches(r[key], f.value);
    case '!=':
      return (r) => !matches(r[key], f.value);
    case 'IN':
    case 'NOT IN': {
      const values = f.value.split(',').map((v) => v.trim());
      const negate = f.operator === 'NOT IN';
      return (r) => values.some((v) => matches(r[key], v)) !== negate;
    }
    default: {
      const test =
        f.operator === '>='
          ? (c: number) => c >= 0
          : f.operator === '<='
            ? (c: number) => c <= 0
            : f.operator === '>'
              ? (c: number) => c > 0
              : (c: number) => c < 0;
      return (r) => {
        const c = compare(r[key], f.value);
        return c !== undefined && test(c);
      };
    }
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface ListResult {
  entries: Entry[];
  total: number;
}

/**
 * Runs a list query against a collection. The common sync shape (modified_ts range, natural
 * order) is a binary search and a slice; anything else filters and sorts a copy.
 */
export function runListQuery(
  collection: Collection,
  q: ListQuery,
  alwaysTrue: (f: Filter) => boolean,
): ListResult {
  let lo = 0;
  let hi = collection.size;
  const rest: Array<(r: WireRecord) => boolean> = [];
  for (const f of q.filters) {
    if (alwaysTrue(f)) continue;
    if (f.key === 'modified_ts' && /^-?\d+$/.test(f.value.trim())) {
      const v = Number(f.value);
      if (f.operator === '>=') lo = Math.max(lo, collection.lowerBound(v));
      else if (f.operator === '>') lo = Math.max(lo, collection.upperBound(v));
      else if (f.operator === '<=') hi = Math.min(hi, collection.upperBound(v));
      else if (f.operator === '<') hi = Math.min(hi, collection.lowerBound(v));
      else if (f.operator === '=') {
        lo = Math.max(lo, collection.lowerBound(v));
        hi = Math.min(hi, collection.upperBound(v));
      } else rest.push(predicate(f));
      continue;
    }
    rest.push(predicate(f));
  }
  if (hi < lo) hi = lo;
  const natural =
    q.order.length === 0 || (q.order.length === 1 && q.order[0]?.key === 'modified_ts');
  const descending = natural && q.order[0]?.operator === 'desc';
  const start = (q.pageNumber - 1) * q.pageSize;
  const entries = collection.entries;

  if (natural && rest.length === 0) {
    const total = hi - lo;
    const page: Entry[] = [];
    if (!descending) {
      const end = Math.min(hi, lo + start + q.pageSize);
      for (let i = lo + start; i < end; i++) page.push(entries[i] as Entry);
    } else {
      const first = hi - 1 - start;
      const last = Math.max(lo, first - q.pageSize + 1);
      for (let i = first; i >= last; i--) page.push(entries[i] as Entry);
    }
    return { entries: page, total };
  }

  let matched: Entry[] = [];
  for (let i = lo; i < hi; i++) {
    const entry = entries[i] as Entry;
    if (rest.every((p) => p(entry.rec))) matched.push(entry);
  }
  if (descending) matched.reverse();
  else if (!natural) {
    const order = q.order;
    matched = matched
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => {
        for (const o of order) {
          const c = compareValues(a.entry.rec[o.key], b.entry.rec[o.key]);
          if (c !== 0) return o.operator === 'asc' ? c : -c;
        }
        return a.index - b.index;
      })
      .map((x) => x.entry);
  }
  return { entries: matched.slice(start, start + q.pageSize), total: matched.length };
}
