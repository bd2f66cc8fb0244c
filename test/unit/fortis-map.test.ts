import { describe, expect, it } from 'vitest';
import {
  mapContact,
  mapDeclined,
  mapPaylink,
  mapQuickInvoice,
  mapRecurring,
  parseExpDate,
  quickInvoiceCents,
  transactionStatus,
  mapTransaction,
} from '../../src/integrations/fortis/map.js';
import { isApprovalReason, reasonText } from '../../src/integrations/fortis/reason-codes.js';
import {
  readContact,
  readDeclined,
  readPaylink,
  readQuickInvoice,
  readRecurring,
  readTransaction,
} from '../../src/integrations/fortis/schemas.js';

describe('Fortis wire → domain records', () => {
  it('takes the account number from account_number, else contact_api_id', () => {
    expect(mapContact(readContact({ id: 'c', account_number: ' 1042 ' }, 'c')).accountNumber).toBe(
      '1042',
    );
    expect(
      mapContact(readContact({ id: 'c', account_number: '', contact_api_id: 77 }, 'c'))
        .accountNumber,
    ).toBe('77');
    expect(
      mapContact(readContact({ id: 'c', date_of_birth: '1990-13' }, 'c')).dateOfBirth,
    ).toBeNull();
  });

  it('reads MMYY expiry dates', () => {
    expect(parseExpDate('0722')).toEqual({ month: 7, year: 2022 });
    expect(parseExpDate('1399')).toEqual({ month: null, year: null });
    expect(parseExpDate(null)).toEqual({ month: null, year: null });
  });

  it('maps plan status, type and interval, tolerating floats and numeric strings', () => {
    const plan = mapRecurring(
      readRecurring(
        {
          id: 'r',
          status: 'on hold',
          recurring_type_id: 'i',
          interval: 2.0,
          interval_type: 'w',
          transaction_amount: '4500',
          installment_total_count: 12.0,
        },
        'recurrings',
      ),
    );
    expect(plan).toMatchObject({
      status: 'on_hold',
      planType: 'fixed',
      intervalCount: 2,
      intervalUnit: 'week',
      amountCents: 4500,
      paymentsTotal: 12,
    });
    expect(
      mapRecurring(readRecurring({ id: 'r', status: { id: 3, title: 'Ended' } }, 'r')).status,
    ).toBe('ended');
    expect(mapRecurring(readRecurring({ id: 'r', status: null, active: false }, 'r')).status).toBe(
      'ended',
    );
  });

  it('maps transaction status codes and reason texts', () => {
    expect([101, 102, 111, 201, 301, 131, 134, 331].map(transactionStatus)).toEqual([
      'approved',
      'authorized',
      'refunded',
      'voided',
      'declined',
      'pending',
      'approved',
      'returned',
    ]);
    const t = mapTransaction(
      readTransaction(
        {
          id: 't',
          status_code: 301,
          reason_code_id: 1616,
          transaction_amount: 12000.0,
          created_ts: 1700000000,
        },
        't',
      ),
    );
    expect(t).toMatchObject({
      status: 'declined',
      reasonCode: '1616',
      reasonText: 'NSF',
      amountCents: 12000,
      occurredAt: '2023-11-14T22:13:20.000Z',
    });
    expect(reasonText(1622)).toBe('Card expired');
    expect(reasonText(1615)).toBe('Do not honor');
    expect(reasonText(2103)).toBe('ACH return R03');
    expect(isApprovalReason(1240)).toBe(true);
    expect(isApprovalReason(1500)).toBe(false);
  });

  it('records the card a transaction stored (card-update links)', () => {
    const t = mapTransaction(
      readTransaction({ id: 't', token_id: 'tok', save_account: 1, paylink_id: 'pl' }, 't'),
    );
    expect(t).toMatchObject({ storedCardId: 'tok', paylinkId: 'pl' });
    const u = mapTransaction(
      readTransaction({ id: 't', token_id: 'tok', saved_account: { id: 'tok2' } }, 't'),
    );
    expect(u.storedCardId).toBe('tok2');
  });

  it('takes a declined payment amount and reason from its transaction when known', () => {
    const w = readDeclined(
      { id: 'd', recurring_id: 'r', declined_transaction_id: 't', status: 'unpaid' },
      'd',
    );
    expect(mapDeclined(w, undefined)).toMatchObject({
      status: 'unpaid',
      amountCents: null,
      transactionId: 't',
    });
    expect(
      mapDeclined(w, {
        amountCents: 9900,
        occurredAt: '2026-11-01T00:00:00.000Z',
        reasonCode: '1616',
        reasonText: 'NSF',
      }),
    ).toMatchObject({
      amountCents: 9900,
      reasonText: 'NSF',
      declinedAt: '2026-11-01T00:00:00.000Z',
    });
  });

  it('reads quick-invoice amounts: whole numbers are cents, fractions are dollars', () => {
    expect(quickInvoiceCents(24536)).toBe(24536);
    expect(quickInvoiceCents(245.36)).toBe(24536);
    const inv = mapQuickInvoice(
      readQuickInvoice(
        {
          id: 'q',
          item_list: [{ name: 'Visit', amount: 6500 }],
          amount_due: 65.0,
          remaining_balance: 20.5,
        },
        'q',
      ),
    );
    // 65.0 parses as the integer 65 (cents), but the items give the total; 20.5 is dollars.
    expect(inv).toMatchObject({ totalCents: 6500, paidCents: 4450, status: 'partially_paid' });
    expect(
      mapQuickInvoice(readQuickInvoice({ id: 'q', amount_due: 5000, payment_status_id: 3 }, 'q'))
        .status,
    ).toBe('paid');
    expect(
      mapQuickInvoice(readQuickInvoice({ id: 'q', amount_due: 5000, status_code: 0 }, 'q')).status,
    ).toBe('void');
  });

  it('maps paylink status 0/1 and deactivation', () => {
    expect(mapPaylink(readPaylink({ id: 'p', status_code: 1 }, 'p')).status).toBe('paid');
    expect(mapPaylink(readPaylink({ id: 'p', status_code: 0 }, 'p')).status).toBe('open');
    expect(mapPaylink(readPaylink({ id: 'p', status_code: 0, active: false }, 'p')).status).toBe(
      'void',
    );
  });

  it('rejects a record without an id, naming it', () => {
    expect(() => readContact({ first_name: 'A' }, 'contacts')).toThrow(/contacts\.id is nothing/);
    expect(() =>
      readQuickInvoice({ id: 'q', item_list: [{ amount: 'x' }] }, 'quick-invoices'),
    ).toThrow(/quick-invoices\.item_list\[0\]\.amount/);
  });
});
