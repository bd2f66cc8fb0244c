import type { DeclinedPaymentRecord } from '../domain/records.js';
import type { FortisClient } from '../integrations/fortis/client.js';
import { fortisClientFor } from '../integrations/fortis/connection.js';
import {
  readIncremental,
  type FortisListName,
  type FortisRecordOf,
} from '../integrations/fortis/incremental.js';
import type { Db } from '../store/db.js';
import {
  findTransactionFacts,
  upsertCards,
  upsertContacts,
  upsertDeclinedPayments,
  upsertInvoices,
  upsertPaymentLinks,
  upsertRecurringPlans,
  upsertTransactions,
  type ProcessorTable,
  type UpsertCounts,
} from '../store/processor-records.js';
import type { SourceDeps } from './sources.js';
import type { SyncPage, SyncResource, SyncSource } from './source.js';

type Writer<N extends FortisListName> = (
  db: Db,
  records: Array<FortisRecordOf[N]>,
  seenAt: string,
) => UpsertCounts;

/** A declined plan payment takes its amount, date and reason from the declined transaction. */
function withDeclinedFacts(db: Db, records: DeclinedPaymentRecord[]): DeclinedPaymentRecord[] {
  return records.map((r) => {
    if (r.transactionId === null) return r;
    const facts = findTransactionFacts(db, 'fortis', r.transactionId);
    if (!facts) return r;
    return {
      ...r,
      amountCents: facts.amountCents,
      declinedAt: facts.occurredAt ?? r.declinedAt,
      reasonCode: facts.reasonCode,
      reasonText: facts.reasonText,
    };
  });
}

const writers: { [N in FortisListName]: { table: ProcessorTable; write: Writer<N> } } = {
  contacts: { table: 'processor_contacts', write: upsertContacts },
  tokens: { table: 'cards', write: upsertCards },
  recurrings: { table: 'recurring_plans', write: upsertRecurringPlans },
  transactions: { table: 'transactions', write: upsertTransactions },
  'declined-recurring-transactions': {
    table: 'declined_payments',
    write: (db, records, seenAt) =>
      upsertDeclinedPayments(db, withDeclinedFacts(db, records), seenAt),
  },
  'quick-invoices': { table: 'invoices', write: upsertInvoices },
  paylinks: { table: 'payment_links', write: upsertPaymentLinks },
};

function resource<N extends FortisListName>(
  client: FortisClient,
  name: N,
  modes: Map<string, 'modified' | 'created' | 'plain'>,
): SyncResource {
  const { table, write } = writers[name] as { table: ProcessorTable; write: Writer<N> };
  return {
    name,
    table,
    async *pages(from, options): AsyncIterable<SyncPage> {
      for await (const page of readIncremental(client, name, from, options, modes)) {
        yield {
          apply: (db, seenAt) => write(db, page.records, seenAt),
          highWater: page.highWater,
          cursor: null,
          count: page.records.length,
          total: page.total,
        };
      }
    },
  };
}

/** The Fortis sync source: its seven lists, read incrementally through one client. */
export function createFortisSource(deps: SourceDeps): Promise<SyncSource> {
  const client = fortisClientFor(deps);
  const modes = new Map<string, 'modified' | 'created' | 'plain'>();
  const names = Object.keys(writers) as FortisListName[];
  return Promise.resolve({
    source: 'fortis',
    label: 'Fortis',
    resources: names.map((n) => resource(client, n, modes)),
  });
}
