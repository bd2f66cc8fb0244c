import { lastDayOfMonth } from './days.js';
import {
  tokenRecord,
  transactionRecord,
  type Base,
  type TransactionInput,
} from './fortis-records.js';
import type { SandboxState } from './state.js';
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

/** The new card's details a patient "enters" on a card-update page. */
export interface CardDetails {
  expMonth?: number;
  expYear?: number;
  lastFour?: string;
}

/** A wire field as a string, or null. */
export function s(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** A wire field as a number (0 when absent). */
export function n(v: unknown): number {
  return typeof v === 'number' ? v : Number(v) || 0;
}

/** The last valid day (day number) of a token's MMYY expiry; -Infinity when unreadable. */
export function tokenValidThrough(token: WireRecord | undefined): number {
  const exp = s(token?.exp_date);
  if (!exp || exp.length !== 4) return -Infinity;
  return lastDayOfMonth(2000 + Number(exp.slice(2)), Number(exp.slice(0, 2)));
}

export type NewTransactionInput = Omit<
  TransactionInput,
  'productTransactionId' | 'holder' | 'brand' | 'firstSix' | 'settleDate' | 'authCode'
> & {
  brand?: string;
  firstSix?: string;
};

/** Creates Fortis records the way the processor would while a patient or the clock acts. */
export interface FortisWriter {
  newToken(contactId: string, title: string | null, card?: CardDetails): WireRecord;
  newTransaction(input: NewTransactionInput): WireRecord;
  newBase(kind: 'token' | 'transaction' | 'declined'): Base;
  defaultExpiry(card?: CardDetails): { month: number; year: number };
  lastFour(card?: CardDetails): string;
}

/** The record-creating helpers over a sandbox state. */
export function fortisWriter(state: SandboxState): FortisWriter {
  const f = state.fortis;
  const newBase = (kind: 'token' | 'transaction' | 'declined'): Base => ({
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
    const b = newBase('token');
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

  const newTransaction = (input: NewTransactionInput): WireRecord => {
    const b = newBase('transaction');
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

  return { newToken, newTransaction, newBase, defaultExpiry, lastFour };
}
