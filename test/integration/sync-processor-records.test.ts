import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvoiceRecord, PaymentLinkRecord } from '../../src/domain/records.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import {
  markMissingRemoved,
  purgeSource,
  upsertContacts,
  upsertInvoices,
  upsertPaymentLinks,
} from '../../src/store/processor-records.js';

const link = (over: Partial<PaymentLinkRecord> = {}): PaymentLinkRecord => ({
  source: 'fortis',
  upstreamId: 'pl-1',
  modifiedAt: null,
  raw: { id: 'pl-1', status_code: 0 },
  apiId: 'ts-link-1',
  contactId: 'c1',
  amountCents: 100,
  url: null,
  status: 'open',
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

const invoice = (over: Partial<InvoiceRecord> = {}): InvoiceRecord => ({
  source: 'fortis',
  upstreamId: 'q-1',
  modifiedAt: null,
  raw: { id: 'q-1' },
  apiId: 'ts-inv-1',
  contactId: 'c1',
  title: 'Visit',
  items: [{ name: 'Visit', amountCents: 6500 }],
  totalCents: 6500,
  paidCents: 0,
  dueDate: '2026-12-01',
  paymentUrl: null,
  status: 'open',
  createdAt: null,
  ...over,
});

describe('processor record upserts', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ts-records-'));
    db = openDatabase(join(dir, 'cache.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adopts a payment link we created first (by api_id), keeping purpose, URL and a local "used"', () => {
    db.prepare(
      `INSERT INTO payment_links (source, api_id, purpose, patient_id, url, status, created_at)
       VALUES ('fortis', 'ts-link-1', 'card_update', NULL, 'https://pay/x', 'used', '2026-11-01')`,
    ).run();
    expect(upsertPaymentLinks(db, [link()], 's1')).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    const row = db.prepare('SELECT * FROM payment_links').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      upstream_id: 'pl-1',
      purpose: 'card_update',
      url: 'https://pay/x',
      status: 'used',
    });
    expect(upsertPaymentLinks(db, [link()], 's2')).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    upsertPaymentLinks(db, [link({ raw: { id: 'pl-1', status_code: 1 }, status: 'paid' })], 's3');
    expect(db.prepare('SELECT status, seen_at FROM payment_links').get()).toEqual({
      status: 'paid',
      seen_at: 's3',
    });
    expect(db.prepare('SELECT count(*) AS n FROM payment_links').get()).toEqual({ n: 1 });
  });

  it("keeps an invoice's local columns when the upstream copy changes", () => {
    db.prepare(
      `INSERT INTO invoices (source, api_id, patient_id, title, status, sent_via, sent_at, created_at)
       VALUES ('fortis', 'ts-inv-1', NULL, 'Visit', 'open', 'sms', '2026-11-02', '2026-11-01')`,
    ).run();
    expect(upsertInvoices(db, [invoice()], 's1').updated).toBe(1);
    upsertInvoices(
      db,
      [invoice({ raw: { id: 'q-1', v: 2 }, paidCents: 6500, status: 'paid' })],
      's2',
    );
    expect(
      db.prepare('SELECT upstream_id, sent_via, sent_at, status, paid_cents FROM invoices').get(),
    ).toEqual({
      upstream_id: 'q-1',
      sent_via: 'sms',
      sent_at: '2026-11-02',
      status: 'paid',
      paid_cents: 6500,
    });
    // An invoice created in Fortis directly is simply inserted.
    expect(
      upsertInvoices(db, [invoice({ upstreamId: 'q-2', apiId: null, raw: { id: 'q-2' } })], 's3')
        .inserted,
    ).toBe(1);
  });

  it('marks what a full sync did not see as removed, and purges a source', () => {
    const contact = (id: string) => ({
      source: 'fortis' as const,
      upstreamId: id,
      modifiedAt: null,
      raw: { id },
      accountNumber: null,
      firstName: null,
      lastName: id,
      email: null,
      mobile: null,
      dateOfBirth: null,
      active: true,
    });
    upsertContacts(db, [contact('a'), contact('b')], '2026-11-01T00:00:00.000Z');
    upsertContacts(db, [contact('a')], '2026-11-02T00:00:00.000Z');
    expect(markMissingRemoved(db, 'processor_contacts', 'fortis', '2026-11-02T00:00:00.000Z')).toBe(
      1,
    );
    expect(
      db.prepare('SELECT upstream_id FROM processor_contacts WHERE removed = 1').all(),
    ).toEqual([{ upstream_id: 'b' }]);
    expect(upsertContacts(db, [contact('b')], '2026-11-03T00:00:00.000Z')).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(purgeSource(db, 'fortis')).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM processor_contacts').get()).toEqual({ n: 0 });
  });
});
