import { fortisWriter, n, s, SandboxActionError, type CardDetails } from './action-support.js';
import { payPayNowLink, useStoreBillingLink } from './cashpractice-actions.js';
import { dayString } from './days.js';
import { runAutoDebits, runFortisRecurrings, type AdvanceResult } from './recurring-runs.js';
import { CASHPRACTICE_RESOURCES, FORTIS_RESOURCES, type SandboxState } from './state.js';
import type { WireRecord } from './types.js';

export { SandboxActionError, type CardDetails } from './action-support.js';
export type { AdvanceResult } from './recurring-runs.js';

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

/** Builds the actions over a sandbox state. */
export function createActions(state: SandboxState): SandboxActions {
  const f = state.fortis;
  const cp = state.cashpractice;
  const w = fortisWriter(state);
  const { newToken, newTransaction, lastFour } = w;

  const openPaylink = (id: string): WireRecord => {
    const link = f.lists.paylinks.get(id);
    if (!link) throw new SandboxActionError(`no paylink ${id}`, 404);
    if (link.status_code === 1 || link.active === false) {
      throw new SandboxActionError(`paylink ${id} was already used`);
    }
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
      runFortisRecurrings(state, w, today, result);
      runAutoDebits(state, today, result);
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

    useStoreBillingLink: (linkId, card) => useStoreBillingLink(state, w, linkId, card),
    payPayNowLink: (linkId, amountCents) => payPayNowLink(state, linkId, amountCents),
  };
}
