import {
  contactRecord,
  declinedRecord,
  recurringRecord,
  tokenRecord,
  transactionRecord,
  type Base,
} from './fortis-records.js';
import { paylinkRecord, quickInvoiceRecord } from './fortis-links.js';
import type { FortisResource } from './state.js';

/**
 * The fields each Fortis list accepts in `filter_by` and `order`: the record's own top-level
 * fields (derived from the builders, so they cannot drift). Anything else gets a 412.
 */
const base: Base = { id: '', locationId: '', userId: '', ts: 0 };

function keysOf(record: Record<string, unknown>): ReadonlySet<string> {
  return new Set(Object.keys(record));
}

export const FORTIS_FILTER_KEYS: Record<FortisResource | 'locations', ReadonlySet<string>> = {
  contacts: keysOf(
    contactRecord(base, {
      accountNumber: null,
      firstName: '',
      lastName: '',
      email: null,
      cellPhone: null,
      dateOfBirth: null,
      active: true,
    }),
  ),
  tokens: keysOf(
    tokenRecord(base, {
      contactId: '',
      holder: '',
      brand: '',
      firstSix: '',
      lastFour: '',
      expDate: '',
      title: null,
      hasRecurring: false,
    }),
  ),
  recurrings: keysOf(
    recurringRecord(base, {
      contactId: '',
      tokenId: null,
      description: '',
      amount: 0,
      startDate: '',
      nextRunDate: '',
      installments: null,
      status: 'active',
      productTransactionId: '',
    }),
  ),
  transactions: keysOf(
    transactionRecord(base, {
      contactId: null,
      tokenId: null,
      amount: 0,
      statusCode: 101,
      reasonCodeId: 1000,
      brand: '',
      firstSix: '',
      lastFour: '',
      holder: '',
      description: '',
      trxSourceId: 0,
      settleDate: null,
      authCode: null,
      productTransactionId: '',
    }),
  ),
  'declined-recurring-transactions': keysOf(
    declinedRecord(base, {
      recurringId: '',
      declinedTransactionId: '',
      paymentTransactionId: null,
    }),
  ),
  'quick-invoices': keysOf(quickInvoiceRecord(base, {}, '')),
  paylinks: keysOf(paylinkRecord(base, {}, '')),
  locations: new Set([
    'id',
    'name',
    'location_type',
    'created_ts',
    'modified_ts',
    'parent_id',
    'location_api_id',
  ]),
};

/** The envelope `type` of a list and of a single record. */
export const FORTIS_TYPE_NAMES: Record<FortisResource | 'locations', [string, string]> = {
  contacts: ['ContactsCollection', 'Contact'],
  tokens: ['TokensCollection', 'Token'],
  recurrings: ['RecurringsCollection', 'Recurring'],
  transactions: ['TransactionsCollection', 'Transaction'],
  'declined-recurring-transactions': [
    'DeclinedRecurringTransactionsCollection',
    'DeclinedRecurringTransaction',
  ],
  'quick-invoices': ['QuickInvoicesCollection', 'QuickInvoice'],
  paylinks: ['PaylinksCollection', 'Paylink'],
  locations: ['LocationsCollection', 'Location'],
};
