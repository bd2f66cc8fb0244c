import type {
  CardRecord,
  ContactRecord,
  DeclinedPaymentRecord,
  InvoiceRecord,
  PaymentLinkRecord,
  RecurringPlanRecord,
  TransactionRecord,
} from '../../domain/records.js';
import { ProviderValidationError } from '../errors.js';
import type { FortisClient } from './client.js';
import {
  mapContact,
  mapDeclined,
  mapPaylink,
  mapQuickInvoice,
  mapRecurring,
  mapToken,
  mapTransaction,
} from './map.js';
import type { Filter, ListQuery } from './query.js';
import {
  readContact,
  readDeclined,
  readPaylink,
  readQuickInvoice,
  readRecurring,
  readToken,
  readTransaction,
  type RecordReader,
} from './schemas.js';

// Incremental reads of the Fortis lists trackstat caches (fortis.md §10): each filtered to the
// connected location, ordered by modified_ts ascending, from the checkpoint minus an overlap.
// When Fortis refuses the filter or order key (412), fall back to created_ts, then to no time
// filter and no order, and say so in the --verbose trace.

interface ListDef<W, R> {
  path: string;
  read: RecordReader<W>;
  map(wire: W, raw: unknown): R;
}

function def<W, R>(d: ListDef<W, R>): ListDef<W, R> {
  return d;
}

/** The lists, by the resource names `sync --resource` accepts, in dependency order. */
export const fortisLists = {
  contacts: def({ path: '/v1/contacts', read: readContact, map: mapContact }),
  tokens: def({ path: '/v1/tokens', read: readToken, map: mapToken }),
  recurrings: def({ path: '/v1/recurrings', read: readRecurring, map: mapRecurring }),
  transactions: def({ path: '/v1/transactions', read: readTransaction, map: mapTransaction }),
  'declined-recurring-transactions': def({
    path: '/v1/declined-recurring-transactions',
    read: readDeclined,
    map: (w, raw) => mapDeclined(w, undefined, raw),
  }),
  'quick-invoices': def({
    path: '/v1/quick-invoices',
    read: readQuickInvoice,
    map: mapQuickInvoice,
  }),
  paylinks: def({ path: '/v1/paylinks', read: readPaylink, map: mapPaylink }),
};

export type FortisListName = keyof typeof fortisLists;

export interface FortisRecordOf {
  contacts: ContactRecord;
  tokens: CardRecord;
  recurrings: RecurringPlanRecord;
  transactions: TransactionRecord;
  'declined-recurring-transactions': DeclinedPaymentRecord;
  'quick-invoices': InvoiceRecord;
  paylinks: PaymentLinkRecord;
}

export interface IncrementalPage<R> {
  records: R[];
  /** Highest modified_ts seen so far (unix seconds as text), never below the starting one. */
  highWater: string | null;
  /** Total records of the query, when Fortis says. */
  total: number | null;
}

export interface IncrementalOptions {
  full: boolean;
  pageSize: number;
  overlapSeconds: number;
  trace(line: string): void;
}

type Mode = 'modified' | 'created' | 'plain';

function queryFor(mode: Mode, locationId: string, since: number | null): ListQuery {
  const filters: Filter[] = [{ key: 'location_id', operator: '=', value: locationId }];
  if (mode === 'plain') return { filters };
  const key = mode === 'modified' ? 'modified_ts' : 'created_ts';
  if (since !== null) filters.push({ key, operator: '>=', value: String(since) });
  return { filters, order: [{ key, operator: 'asc' }] };
}

function isRefusedQuery(err: unknown): boolean {
  return err instanceof ProviderValidationError && err.status === 412;
}

function stamp(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.floor(v) : null;
}

/** The instant a record last changed (modified_ts, else created_ts), in unix seconds. */
function changedAt(wire: unknown): number | null {
  const r = wire as { modified_ts?: unknown; created_ts?: unknown };
  return stamp(r.modified_ts) ?? stamp(r.created_ts);
}

/**
 * Reads one Fortis list from a checkpoint, page by page, validated and mapped. The query shape
 * that worked is remembered in `modes` (per run) so a refused key is not retried on every page.
 */
export async function* readIncremental<N extends FortisListName>(
  client: FortisClient,
  name: N,
  from: { highWater: string | null },
  options: IncrementalOptions,
  modes: Map<string, Mode> = new Map(),
): AsyncGenerator<IncrementalPage<FortisRecordOf[N]>> {
  const list = fortisLists[name] as unknown as ListDef<unknown, FortisRecordOf[N]>;
  const start = options.full || from.highWater === null ? null : Number(from.highWater);
  const since =
    start === null || !Number.isFinite(start) ? null : Math.max(0, start - options.overlapSeconds);
  let high = start !== null && Number.isFinite(start) ? start : null;
  const order: Mode[] = ['modified', 'created', 'plain'];
  let mode: Mode = modes.get(name) ?? 'modified';
  for (;;) {
    let requests = 0;
    try {
      // Keyset paging: after each page the filter moves to the last timestamp read, so records
      // that change (and move to the end) while we read cannot shift unread ones onto a page
      // already read. Records at the boundary are read twice (harmless: upserts are idempotent).
      // Page numbers advance only while a whole page shares one timestamp.
      let cursor = since;
      let number = 1;
      let total: number | null = null;
      for (;;) {
        const page = await client.page(
          list.path,
          queryFor(mode, client.locationId, cursor),
          number,
          options.pageSize,
          name,
        );
        requests++;
        total ??= page.totalCount;
        const records: Array<FortisRecordOf[N]> = [];
        let last: number | null = null;
        for (const item of page.list) {
          const wire = list.read(item, name);
          const changed = changedAt(wire);
          if (changed !== null && (high === null || changed > high)) high = changed;
          const key =
            mode === 'created' ? stamp((wire as { created_ts?: unknown }).created_ts) : changed;
          if (key !== null && (last === null || key > last)) last = key;
          records.push(list.map(wire, item));
        }
        yield { records, highWater: high === null ? null : String(high), total };
        if (page.more === false) break;
        if (mode === 'plain' || last === null || (cursor !== null && last <= cursor)) {
          number++;
        } else {
          cursor = last;
          number = 1;
        }
      }
      modes.set(name, mode);
      return;
    } catch (err) {
      const next = order[order.indexOf(mode) + 1];
      if (requests > 0 || !isRefusedQuery(err) || next === undefined) throw err;
      options.trace(
        `Fortis refused the ${mode === 'modified' ? 'modified_ts' : 'created_ts'} filter/order on ${name} (412); ` +
          (next === 'created'
            ? 'falling back to created_ts.'
            : 'reading without a time filter or order.'),
      );
      mode = next;
      modes.set(name, mode);
    }
  }
}
