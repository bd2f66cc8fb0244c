import { cashPracticeCollection, fortisCollection, type Collection } from './collection.js';
import { dayNumber, dayString, LocalClock } from './days.js';
import type { IdFactory } from './ids.js';
import { Prng } from './prng.js';
import type { Practice, WireRecord } from './types.js';

/** The Fortis list resources the emulator serves, by URL segment. */
export const FORTIS_RESOURCES = [
  'contacts',
  'tokens',
  'recurrings',
  'transactions',
  'declined-recurring-transactions',
  'quick-invoices',
  'paylinks',
] as const;
export type FortisResource = (typeof FORTIS_RESOURCES)[number];

/** The Cash Practice list resources, by URL segment. */
export const CASHPRACTICE_RESOURCES = [
  'patients',
  'billing-methods',
  'auto-debits',
  'transactions',
  'care-plans',
] as const;
export type CashPracticeResource = (typeof CASHPRACTICE_RESOURCES)[number];

/**
 * The emulator's live, in-memory state: both processors' records, the idempotency indexes and the
 * sandbox clock. The clock starts at 08:00 practice time on "today", runs with the wall clock, and
 * jumps forward with `advance` (actions.advanceClock); it never goes backwards, so `modified_ts`
 * only grows and incremental syncs stay correct.
 */
export class SandboxState {
  readonly fortis: {
    userId: string;
    userApiKey: string;
    developerId: string;
    locationId: string;
    productTransactionId: string;
    user: WireRecord;
    locations: Collection;
    lists: Record<FortisResource, Collection>;
    /** paylink_api_id / quick_invoice_api_id → record id. */
    paylinkApiIds: Map<string, string>;
    quickInvoiceApiIds: Map<string, string>;
  };
  readonly cashpractice: {
    apiKey: string;
    account: WireRecord;
    lists: Record<CashPracticeResource, Collection>;
    payNowLinks: Collection;
    references: Map<string, string>;
  };
  readonly ids: IdFactory;
  readonly zone: LocalClock;
  /** Random draws of the emulated behaviour (declines on clock advance), seeded. */
  readonly rng: Prng;
  private readonly startTs: number;
  private readonly startedAt: number;
  private offset = 0;
  private last = 0;

  constructor(
    readonly practice: Practice,
    private readonly wallClockMs: () => number,
  ) {
    const f = practice.fortis;
    this.ids = practice.ids;
    this.zone = new LocalClock(practice.timezone);
    this.rng = new Prng(practice.seed, 0x5eed);
    this.startedAt = wallClockMs();
    // The day starts at 08:00; when the practice's today is the caller's today the clock starts at
    // the caller's time instead, so what patients do through the emulator happens after the links
    // trackstat made (the Cash Practice card-update reconciliation compares the two clocks).
    const morning = this.zone.toUnix(dayNumber(practice.today), 8 * 60);
    const wallTs = Math.floor(this.startedAt / 1000);
    this.startTs =
      this.zone.dayOf(wallTs) === dayNumber(practice.today) ? Math.max(morning, wallTs) : morning;
    const paylinkApiIds = new Map<string, string>();
    const quickInvoiceApiIds = new Map<string, string>();
    for (const p of f.paylinks) {
      if (typeof p.paylink_api_id === 'string') paylinkApiIds.set(p.paylink_api_id, p.id);
    }
    for (const q of f.quickInvoices) {
      if (typeof q.quick_invoice_api_id === 'string')
        quickInvoiceApiIds.set(q.quick_invoice_api_id, q.id);
    }
    this.fortis = {
      userId: f.userId,
      userApiKey: f.userApiKey,
      developerId: f.developerId,
      locationId: f.locationId,
      productTransactionId: String(f.location.default_cc ?? ''),
      user: f.user,
      locations: fortisCollection([f.location]),
      lists: {
        contacts: fortisCollection(f.contacts),
        tokens: fortisCollection(f.tokens),
        recurrings: fortisCollection(f.recurrings),
        transactions: fortisCollection(f.transactions),
        'declined-recurring-transactions': fortisCollection(f.declined),
        'quick-invoices': fortisCollection(f.quickInvoices),
        paylinks: fortisCollection(f.paylinks),
      },
      paylinkApiIds,
      quickInvoiceApiIds,
    };
    const c = practice.cashpractice;
    this.cashpractice = {
      apiKey: c.apiKey,
      account: c.account,
      lists: {
        patients: cashPracticeCollection(c.patients),
        'billing-methods': cashPracticeCollection(c.billingMethods),
        'auto-debits': cashPracticeCollection(c.autoDebits),
        transactions: cashPracticeCollection(c.transactions),
        'care-plans': cashPracticeCollection(c.carePlans),
      },
      payNowLinks: cashPracticeCollection(),
      references: new Map(),
    };
  }

  /** The sandbox's current instant (unix seconds); never decreases. */
  now(): number {
    const elapsed = Math.floor((this.wallClockMs() - this.startedAt) / 1000);
    this.last = Math.max(this.last, this.startTs + elapsed + this.offset);
    return this.last;
  }

  /** The sandbox's current practice-local day number. */
  todayNumber(): number {
    return this.zone.dayOf(this.now());
  }

  /** The sandbox's current practice-local date, 'YYYY-MM-DD'. */
  today(): string {
    return dayString(this.todayNumber());
  }

  /** Moves the clock forward by whole days. */
  advance(days: number): void {
    this.offset += days * 86_400;
  }
}
