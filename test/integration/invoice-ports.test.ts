import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CashPracticeClient } from '../../src/integrations/cashpractice/client.js';
import { FortisClient } from '../../src/integrations/fortis/client.js';
import { cashPracticeInvoicePort } from '../../src/invoices/cashpractice-port.js';
import { fortisInvoicePort } from '../../src/invoices/fortis-port.js';
import { fortisPaylinkPort } from '../../src/paywall/fortis-port.js';
import type { CreateInvoiceRequest } from '../../src/invoices/ports.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

// The processor adapters against the emulator: the same idempotency id always answers with the
// same invoice / link (what makes a retried or resumed creation safe).

const request = (over: Partial<CreateInvoiceRequest>): CreateInvoiceRequest => ({
  apiId: 'tsqi0123456789abcdef0123456789ab',
  title: 'Invoice from Main Street Chiro',
  dueDate: '2026-03-24',
  items: [
    { name: 'Adjustment (98941)', amountCents: 6500 },
    { name: 'Orthotics', amountCents: 12000 },
  ],
  totalCents: 18500,
  contactId: null,
  note: null,
  processorSends: false,
  email: 'ann@example.com',
  mobile: '+15550001111',
  ...over,
});

describe('invoice and pay-wall ports against the emulator', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 3,
      patients: 10,
      processors: 'both',
      today: '2026-03-10',
      timezone: 'UTC',
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const fortis = () =>
    new FortisClient({ ...sandbox.fortis, trace: () => undefined, timeoutMs: 5000 });

  it('Fortis: a quick invoice with its payment URL; the same api id returns the same invoice', async () => {
    const port = fortisInvoicePort(fortis());
    const contact = sandbox.state.practice.fortis.contacts[0] as { id: string };
    const first = await port.create(request({ contactId: contact.id }));
    expect(first.url).toMatch(/^http/);
    const again = await port.create(request({ contactId: contact.id }));
    expect(again).toEqual(first);
    const stored = sandbox.state.fortis.lists['quick-invoices'].get(first.upstreamId);
    expect(stored).toMatchObject({
      item_list: [
        { name: 'Adjustment (98941)', amount: 6500 },
        { name: 'Orthotics', amount: 12000 },
      ],
      send_email: false,
      send_text_to_pay: false,
      contact_id: contact.id,
      due_date: '2026-03-24',
    });
    expect(await port.void(first.upstreamId)).toBe(true);
  });

  it('Fortis: --send-via fortis lets Fortis email and text it', async () => {
    const port = fortisInvoicePort(fortis());
    const made = await port.create(request({ apiId: 'tsqiviafortis', processorSends: true }));
    expect(sandbox.state.fortis.lists['quick-invoices'].get(made.upstreamId)).toMatchObject({
      send_email: true,
      send_text_to_pay: true,
      cell_phone: '5550001111',
    });
  });

  it('Fortis: a pay-wall sale paylink Fortis does not send itself; idempotent by paylink_api_id', async () => {
    const port = fortisPaylinkPort(fortis());
    const r = {
      apiId: 'tspwabc',
      amountCents: 7500,
      contactId: null,
      description: 'Deposit for your appointment',
      email: null,
      mobile: null,
    };
    const first = await port.create(r);
    expect(await port.create(r)).toEqual(first);
    expect(sandbox.state.fortis.lists.paylinks.get(first.upstreamId)).toMatchObject({
      paylink_action: 'sale',
      delivery_method: 0,
      amount_due: 7500,
      store_token: false,
    });
  });

  it('Cash Practice: a pay-now link for the total, idempotent by reference; no resend or void', async () => {
    const client = new CashPracticeClient({
      apiKey: sandbox.cashpractice.apiKey,
      baseUrl: sandbox.cashpractice.baseUrl,
      trace: () => undefined,
    });
    const port = cashPracticeInvoicePort(client);
    const patient = sandbox.state.practice.cashpractice.patients[0] as { id: string };
    const first = await port.create(request({ contactId: patient.id }));
    expect(first.url).toMatch(/^http/);
    expect(await port.create(request({ contactId: patient.id }))).toEqual(first);
    expect(await port.resend(first.upstreamId, { email: true, sms: true })).toBe(false);
    expect(await port.void(first.upstreamId)).toBe(false);
    await expect(port.create(request({ apiId: 'other', contactId: null }))).rejects.toMatchObject({
      exitCode: 2,
    });
  });
});
