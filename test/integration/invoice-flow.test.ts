import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import {
  invoiceCreateFlow,
  type InvoiceCreateDeps,
  type InvoiceCreateOptions,
} from '../../src/invoices/create-flow.js';
import type { CreateInvoiceRequest, InvoicePort } from '../../src/invoices/ports.js';
import { listInvoices } from '../../src/invoices/store.js';
import { openCharges, serviceCatalogue } from '../../src/invoices/charges.js';
import { voidInvoice } from '../../src/invoices/manage.js';
import { findInvoice } from '../../src/invoices/store.js';
import { ProviderValidationError, UnavailableError } from '../../src/integrations/errors.js';
import type { Io } from '../../src/terminal/io.js';
import { createTestIo, type TestIo } from '../helpers/io.js';

const now = '2026-03-10T15:00:00Z';
const stamp = new Date(now).toISOString();

function freshDb(): Db {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'invoice-')), 'cache.db'));
  const patient = db.prepare(
    `INSERT INTO patients (id, account, first_name, last_name, email, mobile, norm_first, norm_last, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '+15550001111', ?, ?, ?, ?)`,
  );
  patient.run(1, 'A100', 'Ann', 'Lee', 'ann@example.com', 'ann', 'lee', stamp, stamp);
  patient.run(2, 'B200', 'Bob', 'Lee', 'bob@example.com', 'bob', 'lee', stamp, stamp);
  patient.run(3, 'C300', 'Cid', '<Script>', null, 'cid', 'script', stamp, stamp);
  const charge = db.prepare(
    `INSERT INTO charges (id, patient_id, date, code, description, fee_cents, paid_cents, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  charge.run('ch1', 1, '2026-03-01', '98941', 'Adjustment', 6500, 0, stamp);
  charge.run('ch2', 1, '2026-03-03', '97140', 'Manual therapy', 4500, 1000, stamp);
  charge.run('ch3', 1, '2026-03-04', '98941', 'Adjustment', 6500, 6500, stamp);
  charge.run('ch4', 2, '2026-03-02', '97124', 'Massage', 8000, 0, stamp);
  charge.run('ch5', 2, '2026-03-05', '97124', 'Massage', 8000, 8000, stamp);
  charge.run('ch6', 2, '2026-03-06', '97124', 'Massage', 9000, 9000, stamp);
  db.prepare(
    `INSERT INTO patient_links (source, upstream_id, patient_id, method, linked_at) VALUES ('fortis', 'ct-ann', 1, 'exact', ?)`,
  ).run(stamp);
  return db;
}

class FakePort implements InvoicePort {
  source = 'fortis' as const;
  calls: CreateInvoiceRequest[] = [];
  failNext: Error | undefined;
  voided: string[] = [];
  private byApi = new Map<string, string>();
  async create(r: CreateInvoiceRequest) {
    this.calls.push(r);
    // Like Fortis, the invoice exists even when the answer never arrived.
    const id = this.byApi.get(r.apiId) ?? `qi-${this.byApi.size + 1}`;
    this.byApi.set(r.apiId, id);
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = undefined;
      throw err;
    }
    return { upstreamId: id, url: `https://pay.example/${id}` };
  }
  async resend() {
    return true;
  }
  async void(upstreamId: string) {
    this.voided.push(upstreamId);
    return true;
  }
  get distinctInvoices(): number {
    return this.byApi.size;
  }
}

function depsFor(db: Db, io: Io, port: FakePort): InvoiceCreateDeps {
  return {
    db,
    io,
    timeZone: 'UTC',
    dueDays: 14,
    practice: {
      name: 'Spine & <Wellness>',
      address: '1 Main St',
      phone: '+15551234567',
      email: undefined,
    },
    connected: { fortis: true, cashpractice: false },
    lock: () => undefined,
    port: async () => port,
    sender: async () => async () => ({ sent: 1, skipped: [], failed: [] }),
    audit: async () => undefined,
  };
}

const base: InvoiceCreateOptions = { services: [], items: [], preview: false, yes: true };

describe('invoice create without a terminal', () => {
  let db: Db;
  let port: FakePort;
  let t: TestIo;
  beforeEach(() => {
    db = freshDb();
    port = new FakePort();
    t = createTestIo({ now });
  });

  it('invoices every unpaid charge once, prints the link, and stops offering those charges', async () => {
    const code = await invoiceCreateFlow(
      { ...base, patient: 'A100', charges: 'all-unpaid' },
      depsFor(db, t.io, port),
    );
    expect(code).toBe(0);
    expect(port.calls).toHaveLength(1);
    expect(port.calls[0]).toMatchObject({
      contactId: 'ct-ann',
      dueDate: '2026-03-24',
      totalCents: 6500 + 3500,
      items: [
        { name: '2026-03-01 Adjustment (98941)', amountCents: 6500 },
        { name: '2026-03-03 Manual therapy (97140)', amountCents: 3500 },
      ],
      processorSends: false,
    });
    expect(port.calls[0]?.apiId).toMatch(/^tsqi[0-9a-f]{28}$/);
    expect(t.stdout()).toBe('https://pay.example/qi-1\n');
    expect(t.stderr()).toContain('about 30 minutes');
    expect(openCharges(db, 1)).toEqual([]);
    const [invoice] = listInvoices(db, { status: 'open', today: '2026-03-10' });
    expect(invoice).toMatchObject({
      status: 'open',
      upstreamId: 'qi-1',
      chargeCount: 2,
      patientName: 'Ann Lee',
    });

    await expect(
      invoiceCreateFlow(
        { ...base, patient: 'A100', charges: 'all-unpaid' },
        depsFor(db, t.io, port),
      ),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('Nothing to invoice'),
    });
    expect(port.calls).toHaveLength(1);
  });

  it('covers a received service by code, adds catalogue services at their usual fee and free lines', async () => {
    expect(serviceCatalogue(db).find((s) => s.code === '97124')?.usualFeeCents).toBe(8000);
    await invoiceCreateFlow(
      {
        ...base,
        patient: 'ann',
        services: ['97140:20', '97124'],
        items: ['Orthotics: $120.00', 'Courtesy discount:-10'],
        due: '2026-04-01',
      },
      depsFor(db, t.io, port),
    );
    expect(port.calls[0]?.items).toEqual([
      { name: '2026-03-03 Manual therapy (97140)', amountCents: 2000 },
      { name: 'Massage (97124)', amountCents: 8000 },
      { name: 'Orthotics', amountCents: 12000 },
      { name: 'Courtesy discount', amountCents: -1000 },
    ]);
    expect(port.calls[0]?.dueDate).toBe('2026-04-01');
    expect(openCharges(db, 1).map((c) => c.id)).toEqual(['ch1']);
  });

  it('refuses zero or negative totals, unknown codes and missing amounts with exit 2', async () => {
    const run = (o: Partial<InvoiceCreateOptions>) =>
      invoiceCreateFlow({ ...base, patient: 'A100', ...o }, depsFor(db, t.io, port));
    await expect(run({ items: ['Refund:-5'] })).rejects.toMatchObject({ exitCode: 2 });
    await expect(run({ items: ['Nothing:0'] })).rejects.toMatchObject({ exitCode: 2 });
    await expect(run({ items: ['Orthotics'] })).rejects.toMatchObject({ exitCode: 2 });
    await expect(run({ services: ['98942'] })).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('98941'),
    });
    await expect(run({ charges: 'some' })).rejects.toMatchObject({ exitCode: 2 });
    expect(port.calls).toEqual([]);
  });

  it('asks for --patient (exit 4) when a name matches several patients, listing them', async () => {
    await expect(
      invoiceCreateFlow(
        { ...base, patient: 'Lee', charges: 'all-unpaid' },
        depsFor(db, t.io, port),
      ),
    ).rejects.toMatchObject({ exitCode: 4, hint: expect.stringContaining('--patient') });
    expect(t.stderr()).toContain('Ann Lee (account A100)');
    expect(t.stderr()).toContain('Bob Lee (account B200)');
  });

  it('asks for the selection flags (exit 4) when no items are given and there is no terminal', async () => {
    await expect(
      invoiceCreateFlow({ ...base, patient: 'A100' }, depsFor(db, t.io, port)),
    ).rejects.toMatchObject({ exitCode: 4, hint: expect.stringContaining('--charges all-unpaid') });
  });

  it('needs --yes (exit 4) to create without a terminal', async () => {
    await expect(
      invoiceCreateFlow(
        { ...base, yes: false, patient: 'A100', charges: 'all-unpaid' },
        depsFor(db, t.io, port),
      ),
    ).rejects.toMatchObject({ exitCode: 4, hint: expect.stringContaining('--yes') });
    expect(port.calls).toEqual([]);
  });

  it('previews (text and escaped HTML) without creating anything', async () => {
    const html = join(mkdtempSync(join(tmpdir(), 'invoice-html-')), 'inv.html');
    const code = await invoiceCreateFlow(
      {
        ...base,
        patient: 'C300',
        items: ['Exam <b>:45'],
        preview: true,
        html,
        note: 'Thanks & see you',
      },
      depsFor(db, t.io, port),
    );
    expect(code).toBe(0);
    expect(t.stdout()).toContain('Spine & <Wellness>');
    expect(t.stdout()).toMatch(/Total\s+\$45\.00/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h1>Spine &amp; &lt;Wellness&gt;</h1>');
    expect(page).toContain('Cid &lt;Script&gt;');
    expect(page).toContain('Exam &lt;b&gt;');
    expect(page).toContain('Thanks &amp; see you');
    expect(page).not.toContain('<Script>');
    expect(port.calls).toEqual([]);
    expect((db.prepare('SELECT count(*) AS n FROM invoices').get() as { n: number }).n).toBe(0);
  });

  it('a run that stopped after the processor made the invoice is finished, not duplicated, by a rerun', async () => {
    port.failNext = new UnavailableError('Fortis did not answer', { provider: 'fortis' });
    await expect(
      invoiceCreateFlow(
        { ...base, patient: 'A100', charges: 'all-unpaid' },
        depsFor(db, t.io, port),
      ),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(db.prepare('SELECT status, upstream_id FROM invoices').all()).toEqual([
      { status: 'draft', upstream_id: null },
    ]);
    // The held charges are offered again, so the same selection gives the same idempotency id.
    expect(openCharges(db, 1).map((c) => c.id)).toEqual(['ch1', 'ch2']);
    const code = await invoiceCreateFlow(
      { ...base, patient: 'A100', charges: 'all-unpaid' },
      depsFor(db, t.io, port),
    );
    expect(code).toBe(0);
    expect(port.calls).toHaveLength(2);
    expect(port.calls[1]?.apiId).toBe(port.calls[0]?.apiId);
    expect(port.distinctInvoices).toBe(1);
    expect(db.prepare('SELECT status, upstream_id FROM invoices').all()).toEqual([
      { status: 'open', upstream_id: 'qi-1' },
    ]);
    expect(t.stderr()).toContain('completed, not duplicated');
  });

  it('a definite refusal releases the charges', async () => {
    port.failNext = new ProviderValidationError('bad item', { provider: 'fortis' });
    await expect(
      invoiceCreateFlow(
        { ...base, patient: 'A100', charges: 'all-unpaid' },
        depsFor(db, t.io, port),
      ),
    ).rejects.toBeInstanceOf(ProviderValidationError);
    expect((db.prepare('SELECT count(*) AS n FROM invoices').get() as { n: number }).n).toBe(0);
    expect(
      (
        db.prepare('SELECT count(*) AS n FROM charges WHERE invoice_id IS NOT NULL').get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
  });

  it('void deletes it at the processor, frees its charges, and a new invoice gets a fresh id', async () => {
    await invoiceCreateFlow(
      { ...base, patient: 'A100', charges: 'all-unpaid' },
      depsFor(db, t.io, port),
    );
    const invoice = findInvoice(db, '1');
    if (!invoice) throw new Error('no invoice');
    expect(await voidInvoice(db, t.io, invoice, async () => port)).toBe(2);
    expect(port.voided).toEqual(['qi-1']);
    expect(findInvoice(db, 'qi-1')?.status).toBe('void');
    expect(openCharges(db, 1).map((c) => c.id)).toEqual(['ch1', 'ch2']);
    await invoiceCreateFlow(
      { ...base, patient: 'A100', charges: 'all-unpaid' },
      depsFor(db, t.io, port),
    );
    expect(port.calls[1]?.apiId).toBe(`${port.calls[0]?.apiId}v2`);
    expect(listInvoices(db, { today: '2026-03-10' }).map((i) => i.status)).toEqual([
      'open',
      'void',
    ]);
    expect(listInvoices(db, { status: 'overdue', today: '2026-03-25' })).toHaveLength(1);
    expect(listInvoices(db, { status: 'overdue', today: '2026-03-24' })).toHaveLength(0);
  });
});

describe('invoice create on a terminal', () => {
  const keys = { enter: '\r', down: '\u001b[B', space: ' ' };

  async function waitFor(t: TestIo, text: string, after = 0): Promise<void> {
    for (let i = 0; i < 400; i++) {
      if (t.stderr().indexOf(text, after) >= 0) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`prompt "${text}" never appeared; stderr:\n${t.stderr()}`);
  }

  async function type(t: TestIo, ...input: string[]): Promise<void> {
    for (const k of input) {
      await new Promise((r) => setTimeout(r, 5));
      (t.io.stdin as unknown as { write(s: string): void }).write(k);
    }
  }

  it('picks a patient among namesakes, ticks services, edits an amount, adds a catalogue service, confirms', async () => {
    const db = freshDb();
    const port = new FakePort();
    const t = createTestIo({ tty: true, now });
    // inquirer ends its output stream after each prompt; process.stderr ignores that, so must ours.
    (t.io.stderr as unknown as { end(): void }).end = () => undefined;
    const done = invoiceCreateFlow(
      { ...base, yes: false, patient: 'lee' },
      depsFor(db, t.io, port),
    );
    await waitFor(t, 'matches 2 patients');
    await type(t, keys.enter); // Ann Lee (first, by name)
    await waitFor(t, 'Services to invoice');
    // Both unpaid charges are ticked; also tick "Add a service from the catalogue…".
    await type(t, keys.down, keys.down, keys.space, keys.enter);
    await waitFor(t, 'Amount for 2026-03-01 Adjustment');
    await type(t, '50', keys.enter);
    await waitFor(t, 'Amount for 2026-03-03 Manual therapy');
    await type(t, keys.enter); // blank = what is still owed
    await waitFor(t, 'Service to add');
    const mark = t.stderr().length;
    await type(t, keys.down, keys.enter); // first catalogue entry (by code): Massage (97124)
    await waitFor(t, 'Amount for Massage', mark);
    await type(t, keys.enter);
    const mark2 = t.stderr().length;
    await waitFor(t, 'Service to add', mark2);
    await type(t, keys.enter); // Done adding services
    await waitFor(t, 'Create this invoice?');
    await type(t, keys.enter);
    await expect(done).resolves.toBe(0);
    expect(port.calls[0]?.items).toEqual([
      { name: '2026-03-01 Adjustment (98941)', amountCents: 5000 },
      { name: '2026-03-03 Manual therapy (97140)', amountCents: 3500 },
      { name: 'Massage (97124)', amountCents: 8000 },
    ]);
    expect(port.calls[0]?.contactId).toBe('ct-ann');
    expect(t.stdout()).toBe('https://pay.example/qi-1\n');
  });
});
