import { isoInstant } from './generate-cashpractice.js';
import { addMonths, dayNumber, dayString, lastDayOfMonth } from './days.js';
import {
  declinedRecord,
  tokenRecord,
  transactionRecord,
  type Base,
  type TransactionInput,
} from './fortis-records.js';
import { DECLINES } from './names.js';
import { CASHPRACTICE_RESOURCES, FORTIS_RESOURCES, type SandboxState } from './state.js';
import type { WireRecord } from './types.js';

/** An action that cannot run (unknown id, link already used …); the control endpoint answers 409/404. */
export class SandboxActionError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 400 = 409,
  ) {
    super(message);
    this.name = 'SandboxActionError';
  }
}

export interface CardDetails {
  expMonth?: number;
  expYear?: number;
  lastFour?: string;
}

export interface AdvanceResult {
  today: string;
  transactions: number;
  declined: number;
}

/** What a patient (or time) does to the emulated processors; used by tests and `sandbox act`. */
export interface SandboxActions {
  /** The patient completes a card-update paylink: new token + auth-only transaction carrying the paylink id. */
  useCardUpdateLink(
    paylinkId: string,
    card?: CardDetails,
  ): { token: WireRecord; transaction: WireRecord };
  /** The patient pays a paylink: approved sale with the paylink id; paylink status_code 1. */
  payPaylink(paylinkId: string): { transaction: WireRecord; token: WireRecord | null };
  /** The patient pays a quick invoice in full: remaining_balance 0, payment_status_id 3. */
  payQuickInvoice(id: string): { transaction: WireRecord };
  /** Moves the clock forward and runs every recurring payment / auto-debit that falls due. */
  advanceClock(days: number): AdvanceResult;
  /** Marks the N oldest records of a resource as changed now (incremental-sync tests). */
  touch(resource: string, count: number): { touched: number };
  /** Cash Practice: the patient stores a card through a "store billing" link. */
  useStoreBillingLink(
    linkId: string,
    card?: CardDetails,
  ): { billingMethod: WireRecord; transaction: WireRecord };
  /** Cash Practice: the patient pays a pay-now link. */
  payPayNowLink(linkId: string, amountCents?: number): { transaction: WireRecord };
}

function s(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function n(v: unknown): number {
  return typeof v === 'number' ? v : Number(v) || 0;
}

/** Builds the actions over a sandbox state. */
export function createActions(state: SandboxState): SandboxActions {
  const f = state.fortis;
  const cp = state.cashpractice;
  const base = (kind: 'token' | 'transaction' | 'declined'): Base => ({
    id: state.ids.fortis(kind),
    locationId: f.locationId,
    userId: f.userId,
    ts: state.now(),
  });
  const holderOf = (contactId: string | null): string => {
    const c = contactId ? f.lists.contacts.get(contactId) : undefined;
    return c ? `${s(c.first_name) ?? ''} ${s(c.last_name) ?? ''}`.trim() : 'Card Holder';
  };
  const defaultExpiry = (card?: CardDetails): { month: number; year: number } => {
    const today = state.today();
    return {
      month: card?.expMonth ?? Number(today.slice(5, 7)),
      year: card?.expYear ?? Number(today.slice(0, 4)) + 3,
    };
  };
  const lastFour = (card?: CardDetails): string =>
    card?.lastFour ?? String(state.rng.int(0, 9999)).padStart(4, '0');

  const newToken = (contactId: string, title: string | null, card?: CardDetails): WireRecord => {
    const exp = defaultExpiry(card);
    const b = base('token');
    const token = tokenRecord(b, {
      contactId,
      holder: holderOf(contactId),
      brand: 'visa',
      firstSix: '424242',
      lastFour: lastFour(card),
      expDate: `${String(exp.month).padStart(2, '0')}${String(exp.year % 100).padStart(2, '0')}`,
      title,
      hasRecurring: false,
    });
    return f.lists.tokens.insert(token, b.ts);
  };

  const newTransaction = (
    input: Omit<
      TransactionInput,
      'productTransactionId' | 'holder' | 'brand' | 'firstSix' | 'settleDate' | 'authCode'
    > & {
      brand?: string;
      firstSix?: string;
    },
  ): WireRecord => {
    const b = base('transaction');
    const approved = input.statusCode !== 301;
    const rec = transactionRecord(b, {
      ...input,
      holder: holderOf(input.contactId),
      brand: input.brand ?? 'visa',
      firstSix: input.firstSix ?? '424242',
      settleDate: null,
      authCode: approved ? `SBX${String(state.rng.int(0, 999)).padStart(3, '0')}` : null,
      productTransactionId: f.productTransactionId,
    });
    return f.lists.transactions.insert(rec, b.ts);
  };

  const openPaylink = (id: string): WireRecord => {
    const link = f.lists.paylinks.get(id);
    if (!link) throw new SandboxActionError(`no paylink ${id}`, 404);
    if (link.status_code === 1 || link.active === false) {
      throw new SandboxActionError(`paylink ${id} was already used`);
    }
    return link;
  };

  const tokenValidThrough = (token: WireRecord | undefined): number => {
    const exp = s(token?.exp_date);
    if (!exp || exp.length !== 4) return -Infinity;
    return lastDayOfMonth(2000 + Number(exp.slice(2)), Number(exp.slice(0, 2)));
  };

  const runFortisRecurrings = (today: number, result: AdvanceResult): void => {
    // Approved runs per plan, counted once per advance (installment plans end after the last one).
    let approved: Map<string, number> | undefined;
    const approvedRuns = (): Map<string, number> => {
      if (!approved) {
        approved = new Map();
        for (const t of f.lists.transactions.records()) {
          if (typeof t.recurring_id === 'string' && t.status_code === 101) {
            approved.set(t.recurring_id, (approved.get(t.recurring_id) ?? 0) + 1);
          }
        }
      }
      return approved;
    };
    for (const rec of f.lists.recurrings.records()) {
      if (rec.status !== 'active') continue;
      let next = s(rec.next_run_date);
      const start = s(rec.start_date);
      if (!next || !start) continue;
      const token = s(rec.token_id) ? f.lists.tokens.get(String(rec.token_id)) : undefined;
      let ended = false;
      const total = rec.installment_total_count;
      const runs =
        typeof total === 'number' && dayNumber(next) <= today ? approvedRuns() : undefined;
      while (!ended && dayNumber(next) <= today) {
        const runDay = dayNumber(next);
        const expired = runDay > tokenValidThrough(token);
        const declined = expired || state.rng.chance(0.08);
        const reason = expired
          ? 1622
          : declined
            ? state.rng.weighted(DECLINES.map((d) => [d[0], d[2]] as const))
            : 1000;
        const txn = newTransaction({
          contactId: s(rec.contact_id),
          tokenId: s(rec.token_id),
          amount: n(rec.transaction_amount),
          statusCode: declined ? 301 : 101,
          reasonCodeId: reason,
          brand: s(token?.account_type) ?? 'visa',
          firstSix: s(token?.first_six) ?? '424242',
          lastFour: s(token?.last_four) ?? '0000',
          description: s(rec.description) ?? 'Recurring payment',
          trxSourceId: 13,
          recurringId: rec.id,
        });
        result.transactions += 1;
        if (declined) {
          const b = base('declined');
          f.lists['declined-recurring-transactions'].insert(
            declinedRecord(b, {
              recurringId: rec.id,
              declinedTransactionId: txn.id,
              paymentTransactionId: null,
            }),
            b.ts,
          );
          result.declined += 1;
        }
        // Which run this was, counted from the start date, decides the next date and the end.
        const interval = Math.max(1, n(rec.interval));
        const type = s(rec.interval_type) ?? 'm';
        let nextDay: number;
        if (type === 'd') nextDay = runDay + interval;
        else if (type === 'w') nextDay = runDay + 7 * interval;
        else {
          let k = 0;
          const startDay = dayNumber(start);
          while (addMonths(startDay, k) <= runDay) k += interval;
          nextDay = addMonths(startDay, k);
        }
        if (runs && typeof total === 'number') {
          if (!declined) runs.set(rec.id, (runs.get(rec.id) ?? 0) + 1);
          if ((runs.get(rec.id) ?? 0) >= total) ended = true;
        }
        next = dayString(nextDay);
      }
      const nextRun = next;
      f.lists.recurrings.update(rec.id, state.now(), (r) => {
        r.next_run_date = nextRun;
        if (ended) {
          r.status = 'ended';
          r.active = false;
        }
      });
    }
  };

  const runAutoDebits = (today: number, result: AdvanceResult): void => {
    for (const ad of cp.lists['auto-debits'].records()) {
      if (ad.status !== 'active') continue;
      let next = s(ad.next_payment_date);
      if (!next) continue;
      const method = s(ad.billing_method_id)
        ? cp.lists['billing-methods'].get(String(ad.billing_method_id))
        : undefined;
      const validThrough = method
        ? lastDayOfMonth(n(method.exp_year), n(method.exp_month))
        : -Infinity;
      let made = n(ad.payments_made);
      let short = n(ad.payments_short);
      const total = typeof ad.payments_total === 'number' ? ad.payments_total : null;
      let completed = false;
      while (!completed && dayNumber(next) <= today) {
        const runDay = dayNumber(next);
        const expired = runDay > validThrough;
        const declined = expired || state.rng.chance(0.08);
        const code = expired ? '54' : state.rng.pick(['05', '51'] as const);
        const ts = state.now();
        const id = state.ids.cashPractice('ord');
        cp.lists.transactions.insert(
          {
            id,
            patient_id: ad.patient_id,
            processed_at: isoInstant(ts),
            updated_at: '',
            auto_debit_id: ad.id,
            amount_cents: ad.amount_cents,
            status: declined ? 'declined' : 'accepted',
            decline_code: declined ? code : null,
            description: declined
              ? code === '54'
                ? 'Expired card'
                : code === '51'
                  ? 'Insufficient funds'
                  : 'Do not honor'
              : 'Auto-debit',
          },
          ts,
        );
        result.transactions += 1;
        if (declined) {
          short += 1;
          result.declined += 1;
        } else made += 1;
        if (total !== null && made + short >= total) completed = true;
        next = dayString(addMonths(runDay, 1));
      }
      const nextDate = next;
      cp.lists['auto-debits'].update(ad.id, state.now(), (r) => {
        r.payments_made = made;
        r.payments_short = short;
        r.paid_up = short === 0;
        r.next_payment_date = completed ? null : nextDate;
        if (completed) r.status = 'completed';
      });
    }
  };

  const openPayNowLink = (id: string, purpose: string): WireRecord => {
    const link = cp.payNowLinks.get(id);
    if (!link) throw new SandboxActionError(`no pay-now link ${id}`, 404);
    if (link.purpose !== purpose)
      throw new SandboxActionError(`pay-now link ${id} is for ${String(link.purpose)}`, 400);
    if (link.status !== 'open') throw new SandboxActionError(`pay-now link ${id} was already used`);
    return link;
  };

  return {
    useCardUpdateLink(paylinkId, card) {
      const link = openPaylink(paylinkId);
      const contactId = s(link.contact_id);
      if (!contactId) throw new SandboxActionError(`paylink ${paylinkId} has no contact_id`, 400);
      const token = newToken(contactId, s(link.store_token_title), card);
      const transaction = newTransaction({
        contactId,
        tokenId: token.id,
        amount: n(link.amount_due),
        statusCode: 102,
        reasonCodeId: 1000,
        lastFour: String(token.last_four),
        description: s(link.description) ?? 'Card update',
        trxSourceId: 16,
        paylinkId,
        saveAccount: true,
      });
      f.lists.paylinks.update(paylinkId, state.now(), (r) => {
        r.status_code = 1;
      });
      return { token, transaction };
    },

    payPaylink(paylinkId) {
      const link = openPaylink(paylinkId);
      const contactId = s(link.contact_id);
      const token =
        link.store_token === true && contactId
          ? newToken(contactId, s(link.store_token_title))
          : null;
      const transaction = newTransaction({
        contactId,
        tokenId: token?.id ?? null,
        amount: n(link.amount_due),
        statusCode: link.paylink_action === 'auth-only' ? 102 : 101,
        reasonCodeId: 1000,
        lastFour: token ? String(token.last_four) : lastFour(),
        description: s(link.description) ?? 'Paylink payment',
        trxSourceId: 16,
        paylinkId,
        saveAccount: token !== null,
      });
      f.lists.paylinks.update(paylinkId, state.now(), (r) => {
        r.status_code = 1;
      });
      return { transaction, token };
    },

    payQuickInvoice(id) {
      const invoice = f.lists['quick-invoices'].get(id);
      if (!invoice) throw new SandboxActionError(`no quick invoice ${id}`, 404);
      if (invoice.active === false) throw new SandboxActionError(`quick invoice ${id} was deleted`);
      const due = n(invoice.remaining_balance);
      if (due <= 0) throw new SandboxActionError(`quick invoice ${id} is already paid`);
      const transaction = newTransaction({
        contactId: s(invoice.contact_id),
        tokenId: null,
        amount: due,
        statusCode: 101,
        reasonCodeId: 1000,
        lastFour: lastFour(),
        description: s(invoice.title) ?? 'Invoice payment',
        trxSourceId: 8,
        quickInvoiceId: id,
      });
      f.lists['quick-invoices'].update(id, state.now(), (r) => {
        r.remaining_balance = 0;
        r.payment_status_id = 3;
      });
      return { transaction };
    },

    advanceClock(days) {
      if (!Number.isInteger(days) || days < 0 || days > 3660) {
        throw new SandboxActionError('days must be a whole number from 0 to 3660', 400);
      }
      state.advance(days);
      const today = state.todayNumber();
      const result: AdvanceResult = { today: dayString(today), transactions: 0, declined: 0 };
      runFortisRecurrings(today, result);
      runAutoDebits(today, result);
      return result;
    },

    touch(resource, count) {
      const name = resource.replace(/^(cashpractice|cp)[:/]/, '');
      const isCp = name !== resource;
      const collection = isCp
        ? (CASHPRACTICE_RESOURCES as readonly string[]).includes(name)
          ? cp.lists[name as (typeof CASHPRACTICE_RESOURCES)[number]]
          : undefined
        : (FORTIS_RESOURCES as readonly string[]).includes(name)
          ? f.lists[name as (typeof FORTIS_RESOURCES)[number]]
          : undefined;
      if (!collection) throw new SandboxActionError(`unknown resource "${resource}"`, 400);
      const ids = collection.entries.slice(0, Math.max(0, count)).map((e) => e.rec.id);
      const now = state.now();
      for (const id of ids) collection.update(id, now, () => undefined);
      return { touched: ids.length };
    },

    useStoreBillingLink(linkId, card) {
      const link = openPayNowLink(linkId, 'store_billing');
      const patientId = String(link.patient_id);
      const now = state.now();
      const methods = cp.lists['billing-methods'];
      for (const m of methods.records()) {
        if (m.patient_id === patientId && m.is_default === true) {
          methods.update(m.id, now, (r) => {
            r.is_default = false;
          });
        }
      }
      const exp = defaultExpiry(card);
      const billingMethod = methods.insert(
        {
          id: state.ids.cashPractice('bm'),
          patient_id: patientId,
          type: 'card',
          brand: 'Visa',
          last_four: lastFour(card),
          exp_month: exp.month,
          exp_year: exp.year,
          is_default: true,
          archived: false,
          updated_by_card_updater_at: null,
          updated_at: '',
        },
        now,
      );
      for (const ad of cp.lists['auto-debits'].records()) {
        if (ad.patient_id === patientId && ad.status !== 'completed' && ad.status !== 'stopped') {
          cp.lists['auto-debits'].update(ad.id, now, (r) => {
            r.billing_method_id = billingMethod.id;
          });
        }
      }
      const transaction = cp.lists.transactions.insert(
        {
          id: state.ids.cashPractice('ord'),
          patient_id: patientId,
          processed_at: isoInstant(now),
          updated_at: '',
          auto_debit_id: null,
          amount_cents: 100,
          status: 'void',
          decline_code: null,
          description: 'Card verification (temporary $1.00 authorisation)',
          pay_now_link_id: linkId,
        },
        now,
      );
      cp.payNowLinks.update(linkId, now, (r) => {
        r.status = 'used';
        r.used_at = isoInstant(now);
      });
      return { billingMethod, transaction };
    },

    payPayNowLink(linkId, amountCents) {
      const link = openPayNowLink(linkId, 'payment');
      const amount =
        typeof link.amount_cents === 'number' ? link.amount_cents : (amountCents ?? 5000);
      const now = state.now();
      const transaction = cp.lists.transactions.insert(
        {
          id: state.ids.cashPractice('ord'),
          patient_id: link.patient_id,
          processed_at: isoInstant(now),
          updated_at: '',
          auto_debit_id: null,
          amount_cents: amount,
          status: 'accepted',
          decline_code: null,
          description: `Pay Now link ${String(link.reference)}`,
          pay_now_link_id: linkId,
        },
        now,
      );
      cp.payNowLinks.update(linkId, now, (r) => {
        r.status = 'paid';
        r.used_at = isoInstant(now);
      });
      return { transaction };
    },
  };
}
