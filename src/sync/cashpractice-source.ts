import type { CashPracticeClient, ListPage } from '../integrations/cashpractice/client.js';
import { openCashPracticeClient } from '../integrations/cashpractice/open-client.js';
import {
  toCard,
  toCarePlans,
  toContact,
  toRecurringPlan,
  toTransaction,
  type ListResource,
  type MembershipAllowance,
} from '../integrations/cashpractice/wire.js';
import type { Db } from '../store/db.js';
import {
  upsertCards,
  upsertContacts,
  upsertRecurringPlans,
  upsertTransactions,
  type ProcessorTable,
  type UpsertCounts,
} from '../store/processor-records.js';
import {
  carePlanFunding,
  nameAutoDebits,
  patientsLeftDropper,
  unknownAllowances,
  upsertCarePlans,
} from './cashpractice-care-plans.js';
import { cardsOfAutoDebits, markCardsInUse } from './cashpractice-card-use.js';
import type { Io } from '../terminal/io.js';
import { stripControl } from '../terminal/sanitize.js';
import { deriveDeclinedPayments, plansWithDeclines } from './cashpractice-declines.js';
import { membershipAllowance } from './cashpractice-membership-rules.js';
import type { SyncCheckpoint, SyncOptions, SyncPage, SyncResource, SyncSource } from './source.js';
import type { SourceDeps } from './sources.js';

type Apply<R extends ListResource> = (page: ListPage<R>, db: Db, seenAt: string) => UpsertCounts;

function minusSeconds(instant: string, seconds: number): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms - seconds * 1000).toISOString();
}

/**
 * One list resource paged by `updated_since` + cursor. The checkpoint is the latest `updated_at`
 * written so far: the list is ordered by `updated_at`, so restarting from it (minus the overlap)
 * after a kill re-reads at most one page. The stored cursor is not reused on resume: an opaque
 * cursor may expire or belong to a different `updated_since`, while the high-water mark cannot.
 */
function listResource<R extends ListResource>(
  client: CashPracticeClient,
  name: string,
  table: ProcessorTable,
  resource: R,
  apply: Apply<R>,
  /** Runs once the last page is written (with the cache the pages were written to). */
  after?: (db: Db) => void,
): SyncResource {
  return {
    name,
    table,
    async *pages(from: SyncCheckpoint, options: SyncOptions): AsyncIterable<SyncPage> {
      const start = options.full ? null : from.highWater;
      const updatedSince = start === null ? null : minusSeconds(start, options.overlapSeconds);
      if (from.cursor !== null) {
        options.trace(
          `cashpractice ${name}: resuming an interrupted sync from ${start ?? 'the start'}`,
        );
      }
      let high = start;
      let cache: Db | undefined;
      for await (const page of client.list(resource, { updatedSince, limit: options.pageSize })) {
        if (page.lastUpdatedAt !== null && (high === null || page.lastUpdatedAt > high)) {
          high = page.lastUpdatedAt;
        }
        yield {
          apply: (db, seenAt) => {
            cache = db;
            return apply(page, db, seenAt);
          },
          highWater: high,
          cursor: page.nextCursor,
          count: page.items.length,
        };
      }
      if (cache && after) after(cache);
    },
  };
}

/** The care-plans resource: one row per patient on a plan, kind decided by the paying auto-debit. */
function applyCarePlans(allowance: MembershipAllowance): Apply<'carePlans'> {
  return (page, db, seenAt) => {
    const funding = carePlanFunding(db);
    const dropLeft = patientsLeftDropper(db);
    const records = page.items.flatMap(({ wire, raw }) => {
      const rows = toCarePlans(wire, raw, funding, allowance);
      dropLeft(
        wire.id,
        rows.map((r) => r.upstreamId),
      );
      return rows;
    });
    const counts = upsertCarePlans(db, records, seenAt);
    nameAutoDebits(db, { carePlanIds: page.items.map((i) => i.wire.id) });
    return counts;
  };
}

/**
 * Cash Practice does not say how many visits a Wellness membership includes; say which memberships
 * still lack an allowance (no `memberships.rules` entry, no EHR plan for the same auto-debit).
 */
function warnUnknownAllowances(db: Db, io: Io): void {
  const names = unknownAllowances(db);
  if (names.length === 0) return;
  const example = names
    .slice(0, 2)
    .map((n) => `${n}=4/month`)
    .join(';');
  io.warn(
    `Cash Practice memberships without a visits allowance: ${names.map(stripControl).join(', ')}. ` +
      `Import the EHR plans file, or set them, e.g.: trackstat config set memberships.rules "${stripControl(example)}"`,
  );
}

/** Builds the Cash Practice sync source: patients, billing methods, auto-debits, transactions, care plans. */
export function createCashPracticeSource(deps: SourceDeps): Promise<SyncSource> {
  const client = openCashPracticeClient(deps);
  const allowance = membershipAllowance(deps.config.string('memberships.rules'));
  // Order matters: transactions derive declined payments from cached auto-debits, and care plans
  // look up the auto-debit that pays for them.
  return Promise.resolve({
    source: 'cashpractice',
    label: 'Cash Practice',
    resources: [
      listResource(client, 'patients', 'processor_contacts', 'patients', (page, db, seenAt) =>
        upsertContacts(
          db,
          page.items.map((i) => toContact(i.wire, i.raw)),
          seenAt,
        ),
      ),
      listResource(client, 'billing-methods', 'cards', 'billingMethods', (page, db, seenAt) => {
        const cards = page.items.map((i) => toCard(i.wire, i.raw));
        const counts = upsertCards(db, cards, seenAt);
        markCardsInUse(
          db,
          cards.map((c) => c.upstreamId),
        );
        return counts;
      }),
      listResource(client, 'auto-debits', 'recurring_plans', 'autoDebits', (page, db, seenAt) => {
        const plans = page.items.map((i) => toRecurringPlan(i.wire, i.raw));
        const ids = plans.map((p) => p.upstreamId);
        const cardsBefore = cardsOfAutoDebits(db, ids);
        const counts = upsertRecurringPlans(db, plans, seenAt);
        markCardsInUse(db, [...cardsBefore, ...cardsOfAutoDebits(db, ids)]);
        nameAutoDebits(db, { autoDebitIds: plans.map((p) => p.upstreamId) });
        deriveDeclinedPayments(
          db,
          plans.map((p) => p.upstreamId),
          seenAt,
        );
        return counts;
      }),
      listResource(client, 'transactions', 'transactions', 'transactions', (page, db, seenAt) => {
        const txs = page.items.map((i) => toTransaction(i.wire, i.raw));
        // Before the upsert: a transaction that was declined and is no longer must be re-derived too.
        const affected = plansWithDeclines(db, txs);
        const counts = upsertTransactions(db, txs, seenAt);
        deriveDeclinedPayments(db, affected, seenAt);
        return counts;
      }),
      listResource(
        client,
        'care-plans',
        'care_plans',
        'carePlans',
        applyCarePlans(allowance),
        (db) => warnUnknownAllowances(db, deps.io),
      ),
    ],
  });
}
