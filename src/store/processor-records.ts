import type { Statement } from 'better-sqlite3';
import type {
  CardRecord,
  ContactRecord,
  DeclinedPaymentRecord,
  InvoiceRecord,
  PaymentLinkRecord,
  ProcessorSource,
  RecurringPlanRecord,
  TransactionRecord,
} from '../domain/records.js';
import type { Db } from './db.js';

// Set-based upserts of processor records into the cache (001-initial.ts). Every call is meant to
// run inside the caller's transaction (one page + its checkpoint). A record whose upstream JSON is
// unchanged counts as unchanged, but its `seen_at` still moves so `--full` can find what vanished.

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The tables that hold processor records keyed by (source, upstream_id). */
export type ProcessorTable =
  | 'processor_contacts'
  | 'cards'
  | 'recurring_plans'
  | 'transactions'
  | 'declined_payments'
  | 'invoices'
  | 'payment_links'
  // Cash Practice care plans (source 'cashpractice'); EHR plans have source 'ehr' and are untouched.
  | 'care_plans';

export const processorTables: readonly ProcessorTable[] = [
  'processor_contacts',
  'cards',
  'recurring_plans',
  'transactions',
  'declined_payments',
  'invoices',
  'payment_links',
  'care_plans',
];

type Row = Record<string, string | number | null>;

const statementCache = new WeakMap<Db, Map<string, Statement>>();

function prepared(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

function emptyCounts(): UpsertCounts {
  return { inserted: 0, updated: 0, unchanged: 0 };
}

function bool(v: boolean): number {
  return v ? 1 : 0;
}

function rawText(raw: unknown): string {
  return JSON.stringify(raw ?? null);
}

interface SimpleTable<R> {
  table: ProcessorTable;
  /** Extracted columns besides source, upstream_id, modified_at, raw, seen_at, removed. */
  columns: readonly string[];
  row(record: R): Row;
}

function upsertSql(spec: { table: string; columns: readonly string[] }): string {
  const all = ['source', 'upstream_id', ...spec.columns, 'modified_at', 'raw', 'seen_at'];
  const updates = [...spec.columns, 'modified_at', 'raw', 'seen_at'].map(
    (c) => `${c} = excluded.${c}`,
  );
  return `INSERT INTO ${spec.table} (${all.join(', ')}, removed)
    VALUES (${all.map(() => '?').join(', ')}, 0)
    ON CONFLICT (source, upstream_id) DO UPDATE SET ${updates.join(', ')}, removed = 0`;
}

function upsertSimple<
  R extends {
    source: ProcessorSource;
    upstreamId: string;
    modifiedAt: string | null;
    raw: unknown;
  },
>(db: Db, spec: SimpleTable<R>, records: readonly R[], seenAt: string): UpsertCounts {
  const counts = emptyCounts();
  if (records.length === 0) return counts;
  // One query reads what the page already has (instead of one lookup per record); unchanged
  // records then only get their seen_at moved, in one statement.
  const source = records[0]?.source ?? 'fortis';
  const existing = new Map<string, { raw: string | null; removed: number }>();
  const rows = prepared(
    db,
    `SELECT upstream_id, raw, removed FROM ${spec.table}
     WHERE source = ? AND upstream_id IN (SELECT value FROM json_each(?))`,
  ).all(source, JSON.stringify(records.map((r) => r.upstreamId))) as Array<{
    upstream_id: string;
    raw: string | null;
    removed: number;
  }>;
  for (const row of rows) existing.set(row.upstream_id, row);
  const upsert = prepared(db, upsertSql(spec));
  const unchanged: string[] = [];
  for (const r of records) {
    const raw = rawText(r.raw);
    const before = r.source === source ? existing.get(r.upstreamId) : undefined;
    if (before && before.raw === raw && before.removed === 0) {
      unchanged.push(r.upstreamId);
      continue;
    }
    const row = spec.row(r);
    const params: Array<string | number | null> = [r.source, r.upstreamId];
    for (const c of spec.columns) params.push(row[c] ?? null);
    params.push(r.modifiedAt, raw, seenAt);
    upsert.run(params);
    if (before) counts.updated++;
    else counts.inserted++;
    // A record repeated within one page counts once.
    existing.set(r.upstreamId, { raw, removed: 0 });
  }
  if (unchanged.length > 0) {
    prepared(
      db,
      `UPDATE ${spec.table} SET seen_at = ?
       WHERE source = ? AND upstream_id IN (SELECT value FROM json_each(?))`,
    ).run(seenAt, source, JSON.stringify(unchanged));
    counts.unchanged += unchanged.length;
  }
  return counts;
}

const contactsSpec: SimpleTable<ContactRecord> = {
  table: 'processor_contacts',
  columns: [
    'account_number',
    'first_name',
    'last_name',
    'email',
    'mobile',
    'date_of_birth',
    'active',
  ],
  row: (r) => ({
    account_number: r.accountNumber,
    first_name: r.firstName,
    last_name: r.lastName,
    email: r.email,
    mobile: r.mobile,
    date_of_birth: r.dateOfBirth,
    active: bool(r.active),
  }),
};

const cardsSpec: SimpleTable<CardRecord> = {
  table: 'cards',
  columns: [
    'contact_id',
    'method',
    'brand',
    'last_four',
    'exp_month',
    'exp_year',
    'holder_name',
    'is_default',
    'active',
    'has_recurring',
    'account_updater_at',
    'created_at',
  ],
  row: (r) => ({
    contact_id: r.contactId,
    method: r.method,
    brand: r.brand,
    last_four: r.lastFour,
    exp_month: r.expMonth,
    exp_year: r.expYear,
    holder_name: r.holderName,
    is_default: bool(r.isDefault),
    active: bool(r.active),
    has_recurring: bool(r.hasRecurring),
    account_updater_at: r.accountUpdaterAt,
    created_at: r.createdAt,
  }),
};

const plansSpec: SimpleTable<RecurringPlanRecord> = {
  table: 'recurring_plans',
  columns: [
    'contact_id',
    'card_id',
    'amount_cents',
    'interval_count',
    'interval_unit',
    'plan_type',
    'payments_total',
    'payments_made',
    'start_date',
    'end_date',
    'next_run_date',
    'status',
    'description',
    'paid_up',
    'payments_short',
    'care_plan_ref',
    'group_name',
    'created_at',
  ],
  row: (r) => ({
    contact_id: r.contactId,
    card_id: r.cardId,
    amount_cents: r.amountCents,
    interval_count: r.intervalCount,
    interval_unit: r.intervalUnit,
    plan_type: r.planType,
    payments_total: r.paymentsTotal,
    payments_made: r.paymentsMade,
    start_date: r.startDate,
    end_date: r.endDate,
    next_run_date: r.nextRunDate,
    status: r.status,
    description: r.description,
    paid_up: r.paidUp === null ? null : bool(r.paidUp),
    payments_short: r.paymentsShort,
    care_plan_ref: r.carePlanRef,
    group_name: r.groupName,
    created_at: r.createdAt,
  }),
};

const transactionsSpec: SimpleTable<TransactionRecord> = {
  table: 'transactions',
  columns: [
    'contact_id',
    'card_id',
    'amount_cents',
    'occurred_at',
    'kind',
    'status',
    'reason_code',
    'reason_text',
    'plan_id',
    'invoice_id',
    'paylink_id',
    'stored_card_id',
  ],
  row: (r) => ({
    contact_id: r.contactId,
    card_id: r.cardId,
    amount_cents: r.amountCents,
    occurred_at: r.occurredAt,
    kind: r.kind,
    status: r.status,
    reason_code: r.reasonCode,
    reason_text: r.reasonText,
    plan_id: r.planId,
    invoice_id: r.invoiceId,
    paylink_id: r.paylinkId,
    stored_card_id: r.storedCardId,
  }),
};

const declinedSpec: SimpleTable<DeclinedPaymentRecord> = {
  table: 'declined_payments',
  columns: [
    'plan_id',
    'transaction_id',
    'status',
    'amount_cents',
    'declined_at',
    'reason_code',
    'reason_text',
  ],
  row: (r) => ({
    plan_id: r.planId,
    transaction_id: r.transactionId,
    status: r.status,
    amount_cents: r.amountCents,
    declined_at: r.declinedAt,
    reason_code: r.reasonCode,
    reason_text: r.reasonText,
  }),
};

/** Upserts processor contacts (Fortis contacts, Cash Practice patients). */
export function upsertContacts(
  db: Db,
  records: readonly ContactRecord[],
  seenAt: string,
): UpsertCounts {
  return upsertSimple(db, contactsSpec, records, seenAt);
}

/** Upserts stored cards / bank accounts. */
export function upsertCards(db: Db, records: readonly CardRecord[], seenAt: string): UpsertCounts {
  return upsertSimple(db, cardsSpec, records, seenAt);
}

/** Upserts recurring payment plans. */
export function upsertRecurringPlans(
  db: Db,
  records: readonly RecurringPlanRecord[],
  seenAt: string,
): UpsertCounts {
  return upsertSimple(db, plansSpec, records, seenAt);
}

/** Upserts transactions. */
export function upsertTransactions(
  db: Db,
  records: readonly TransactionRecord[],
  seenAt: string,
): UpsertCounts {
  return upsertSimple(db, transactionsSpec, records, seenAt);
}

/** Upserts declined plan payments. */
export function upsertDeclinedPayments(
  db: Db,
  records: readonly DeclinedPaymentRecord[],
  seenAt: string,
): UpsertCounts {
  return upsertSimple(db, declinedSpec, records, seenAt);
}

interface LocalRow {
  id: number;
  raw: string | null;
  removed: number;
  upstream_id: string | null;
}

/**
 * Finds the local row for an upstream record: by (source, upstream_id), else by the idempotency
 * id we sent when we created it (a row written before the outside call has no upstream id yet).
 */
function findLocal(
  db: Db,
  table: 'invoices' | 'payment_links',
  r: { source: ProcessorSource; upstreamId: string; apiId: string | null },
): LocalRow | undefined {
  const byUpstream = prepared(
    db,
    `SELECT id, raw, removed, upstream_id FROM ${table} WHERE source = ? AND upstream_id = ?`,
  ).get(r.source, r.upstreamId) as LocalRow | undefined;
  if (byUpstream || r.apiId === null) return byUpstream;
  return prepared(
    db,
    `SELECT id, raw, removed, upstream_id FROM ${table}
     WHERE api_id = ? AND source = ? AND (upstream_id IS NULL OR upstream_id = ?)`,
  ).get(r.apiId, r.source, r.upstreamId) as LocalRow | undefined;
}

/**
 * The upsert of records trackstat may have created itself (invoices, payment links): each is
 * matched to its local row (findLocal); an unchanged one only has its seen_at moved, a changed one
 * is updated (the statement keeps the local columns), a new one inserted.
 */
function upsertOwnRecords<
  R extends {
    source: ProcessorSource;
    upstreamId: string;
    apiId: string | null;
    raw: unknown;
    createdAt: string | null;
  },
>(
  db: Db,
  table: 'invoices' | 'payment_links',
  records: readonly R[],
  seenAt: string,
  insert: Statement,
  update: Statement,
  row: (r: R, raw: string) => Record<string, unknown>,
): UpsertCounts {
  const counts = emptyCounts();
  const touch = prepared(db, `UPDATE ${table} SET seen_at = ? WHERE id = ?`);
  for (const r of records) {
    const raw = rawText(r.raw);
    const local = findLocal(db, table, r);
    if (local && local.raw === raw && local.removed === 0 && local.upstream_id !== null) {
      touch.run(seenAt, local.id);
      counts.unchanged++;
      continue;
    }
    if (local) {
      update.run({ ...row(r, raw), id: local.id });
      counts.updated++;
    } else {
      insert.run({ ...row(r, raw), created_at: r.createdAt ?? seenAt });
      counts.inserted++;
    }
  }
  return counts;
}

/**
 * Upserts invoices (Fortis quick invoices). Local columns (patient_id, sent_via, sent_at) are
 * kept; a payment URL we already hold is kept when the list did not include one.
 */
export function upsertInvoices(
  db: Db,
  records: readonly InvoiceRecord[],
  seenAt: string,
): UpsertCounts {
  const insert = prepared(
    db,
    `INSERT INTO invoices (source, upstream_id, api_id, contact_id, title, items, total_cents, paid_cents,
       due_date, payment_url, status, created_at, modified_at, raw, seen_at, removed)
     VALUES (@source, @upstream_id, @api_id, @contact_id, @title, @items, @total_cents, @paid_cents,
       @due_date, @payment_url, @status, @created_at, @modified_at, @raw, @seen_at, 0)`,
  );
  const update = prepared(
    db,
    `UPDATE invoices SET upstream_id = @upstream_id, api_id = coalesce(api_id, @api_id),
       contact_id = @contact_id, title = @title, items = @items, total_cents = @total_cents,
       paid_cents = @paid_cents, due_date = @due_date, payment_url = coalesce(@payment_url, payment_url),
       status = @status, modified_at = @modified_at, raw = @raw, seen_at = @seen_at, removed = 0
     WHERE id = @id`,
  );
  return upsertOwnRecords(db, 'invoices', records, seenAt, insert, update, (r, raw) => ({
    source: r.source,
    upstream_id: r.upstreamId,
    api_id: r.apiId,
    contact_id: r.contactId,
    title: r.title,
    items: JSON.stringify(r.items),
    total_cents: r.totalCents,
    paid_cents: r.paidCents,
    due_date: r.dueDate,
    payment_url: r.paymentUrl,
    status: r.status,
    modified_at: r.modifiedAt,
    raw,
    seen_at: seenAt,
  }));
}

/**
 * Upserts payment links (Fortis paylinks). Links we created keep their purpose, patient,
 * appointment and run; an upstream "open" never undoes a local used/paid/void/expired.
 */
export function upsertPaymentLinks(
  db: Db,
  records: readonly PaymentLinkRecord[],
  seenAt: string,
): UpsertCounts {
  const insert = prepared(
    db,
    `INSERT INTO payment_links (source, upstream_id, api_id, purpose, contact_id, amount_cents, url, status,
       created_at, modified_at, raw, seen_at, removed)
     VALUES (@source, @upstream_id, @api_id, 'other', @contact_id, @amount_cents, @url, @status,
       @created_at, @modified_at, @raw, @seen_at, 0)`,
  );
  const update = prepared(
    db,
    `UPDATE payment_links SET upstream_id = @upstream_id, api_id = coalesce(api_id, @api_id),
       contact_id = coalesce(@contact_id, contact_id), amount_cents = coalesce(@amount_cents, amount_cents),
       url = coalesce(@url, url),
       status = CASE WHEN @status = 'open' AND status IN ('used', 'paid', 'void', 'expired') THEN status
                     ELSE @status END,
       modified_at = @modified_at, raw = @raw, seen_at = @seen_at, removed = 0
     WHERE id = @id`,
  );
  return upsertOwnRecords(db, 'payment_links', records, seenAt, insert, update, (r, raw) => ({
    source: r.source,
    upstream_id: r.upstreamId,
    api_id: r.apiId,
    contact_id: r.contactId,
    amount_cents: r.amountCents,
    url: r.url,
    status: r.status,
    modified_at: r.modifiedAt,
    raw,
    seen_at: seenAt,
  }));
}

/**
 * After a full sync: marks removed every record of `source` in `table` not seen since
 * `seenBefore` (the full run's start). Returns how many were newly marked.
 */
export function markMissingRemoved(
  db: Db,
  table: ProcessorTable,
  source: ProcessorSource,
  seenBefore: string,
): number {
  if (!processorTables.includes(table)) throw new Error(`not a processor table: ${table}`);
  return prepared(
    db,
    `UPDATE ${table} SET removed = 1
     WHERE source = ? AND removed = 0 AND upstream_id IS NOT NULL AND (seen_at IS NULL OR seen_at < ?)`,
  ).run(source, seenBefore).changes;
}

/** Amount, time and reason of a cached transaction (declined plan payments borrow them). */
export function findTransactionFacts(
  db: Db,
  source: ProcessorSource,
  upstreamId: string,
):
  | {
      amountCents: number;
      occurredAt: string | null;
      reasonCode: string | null;
      reasonText: string | null;
    }
  | undefined {
  const row = prepared(
    db,
    `SELECT amount_cents, occurred_at, reason_code, reason_text FROM transactions
     WHERE source = ? AND upstream_id = ?`,
  ).get(source, upstreamId) as
    | {
        amount_cents: number;
        occurred_at: string | null;
        reason_code: string | null;
        reason_text: string | null;
      }
    | undefined;
  return row
    ? {
        amountCents: row.amount_cents,
        occurredAt: row.occurred_at,
        reasonCode: row.reason_code,
        reasonText: row.reason_text,
      }
    : undefined;
}

/** Last sync facts per source: the oldest last success over its resources, and the newest. */
export function syncStatus(db: Db): Array<{
  source: string;
  resources: number;
  oldest_success: string | null;
  newest_success: string | null;
  last_full: string | null;
}> {
  return db
    .prepare(
      `SELECT source, count(*) AS resources, min(last_success_at) AS oldest_success,
         max(last_success_at) AS newest_success, max(last_full_at) AS last_full
       FROM sync_state GROUP BY source ORDER BY source`,
    )
    .all() as Array<{
    source: string;
    resources: number;
    oldest_success: string | null;
    newest_success: string | null;
    last_full: string | null;
  }>;
}

/** How many rows purgeSource would delete (the plan `disconnect --purge` confirms). */
export function countSource(db: Db, source: ProcessorSource): number {
  const count = (sql: string): number => Number(db.prepare(sql).pluck().get(source) ?? 0);
  let n = 0;
  for (const table of processorTables) {
    n +=
      table === 'invoices' || table === 'payment_links'
        ? count(`SELECT count(*) FROM ${table} WHERE source = ? AND api_id IS NULL`)
        : count(`SELECT count(*) FROM ${table} WHERE source = ?`);
  }
  for (const table of ['patient_links', 'patient_link_blocks', 'sync_state']) {
    n += count(`SELECT count(*) FROM ${table} WHERE source = ?`);
  }
  return n;
}

/**
 * Deletes every cached row of a processor (disconnect --purge): its records, links, link
 * decisions and sync state, in one transaction. Local rows we created (invoices, payment links
 * with an idempotency id) lose only their upstream copy. Returns the number of rows deleted.
 */
export function purgeSource(db: Db, source: ProcessorSource): number {
  let n = 0;
  db.transaction(() => {
    for (const table of processorTables) {
      if (table === 'invoices' || table === 'payment_links') {
        n += db
          .prepare(`DELETE FROM ${table} WHERE source = ? AND api_id IS NULL`)
          .run(source).changes;
        continue;
      }
      n += db.prepare(`DELETE FROM ${table} WHERE source = ?`).run(source).changes;
    }
    n += db.prepare('DELETE FROM patient_links WHERE source = ?').run(source).changes;
    n += db.prepare('DELETE FROM patient_link_blocks WHERE source = ?').run(source).changes;
    n += db.prepare('DELETE FROM sync_state WHERE source = ?').run(source).changes;
    db.prepare(`UPDATE patients SET removed = 1 WHERE source = ? AND removed = 0`).run(source);
  })();
  return n;
}
