import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

let sb: Sandbox;

async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sb.fortis.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'user-id': sb.fortis.userId,
      'user-api-key': sb.fortis.userApiKey,
      'developer-id': sb.fortis.developerId,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function data(reply: { json: Record<string, unknown> }): Record<string, unknown> {
  return reply.json.data as Record<string, unknown>;
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 9, patients: 200, today: '2026-11-27', processors: 'both' });
});
afterAll(async () => {
  await sb.close();
});

describe('patient actions (Fortis)', () => {
  it('card-update link: new token for the contact and an auth-only transaction carrying the paylink id', async () => {
    const contact = sb.state.fortis.lists.contacts.records()[3]!;
    const link = data(
      await post('/v1/paylinks', {
        amount_due: 100,
        contact_id: contact.id,
        paylink_action: 'auth-only',
        store_token: true,
        delivery_method: 0,
      }),
    );
    const tokensBefore = sb.state.fortis.lists.tokens.size;
    const { token, transaction } = sb.actions.useCardUpdateLink(link.id as string, {
      expMonth: 9,
      expYear: 2031,
      lastFour: '4444',
    });
    expect(sb.state.fortis.lists.tokens.size).toBe(tokensBefore + 1);
    expect(token).toMatchObject({
      contact_id: contact.id,
      exp_date: '0931',
      last_four: '4444',
      active: true,
    });
    expect(transaction).toMatchObject({
      status_code: 102,
      reason_code_id: 1000,
      paylink_id: link.id,
      token_id: token.id,
      contact_id: contact.id,
      transaction_amount: 100,
    });
    expect(sb.state.fortis.lists.paylinks.get(link.id as string)!.status_code).toBe(1);
    expect(() => sb.actions.useCardUpdateLink(link.id as string)).toThrow(/already used/);
  });

  it('pays a paylink: approved sale with the paylink id, paylink status_code 1 (also over the control endpoint)', async () => {
    const contact = sb.state.fortis.lists.contacts.records()[4]!;
    const link = data(
      await post('/v1/paylinks', {
        amount_due: 5000,
        contact_id: contact.id,
        paylink_action: 'sale',
      }),
    );
    const res = await fetch(`${sb.origin}/_sandbox/actions/pay-paylink`, {
      method: 'POST',
      body: JSON.stringify({ id: link.id }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { transaction: Record<string, unknown> } };
    expect(body.result.transaction).toMatchObject({
      status_code: 101,
      reason_code_id: 1000,
      paylink_id: link.id,
      transaction_amount: 5000,
    });
    expect(sb.state.fortis.lists.paylinks.get(link.id as string)!.status_code).toBe(1);
    const again = await fetch(`${sb.origin}/_sandbox/actions/pay-paylink`, {
      method: 'POST',
      body: JSON.stringify({ id: link.id }),
    });
    expect(again.status).toBe(409);
  });

  it('pays a quick invoice in full: remaining_balance 0, payment_status_id 3, newer modified_ts', async () => {
    const contact = sb.state.fortis.lists.contacts.records()[5]!;
    const inv = data(
      await post('/v1/quick-invoices', {
        title: 'Balance',
        due_date: '2026-12-10',
        item_list: [{ name: 'Balance', amount: 12345 }],
        contact_id: contact.id,
      }),
    );
    const { transaction } = sb.actions.payQuickInvoice(inv.id as string);
    expect(transaction).toMatchObject({
      status_code: 101,
      quick_invoice_id: inv.id,
      transaction_amount: 12345,
    });
    const paid = sb.state.fortis.lists['quick-invoices'].get(inv.id as string)!;
    expect(paid).toMatchObject({ remaining_balance: 0, payment_status_id: 3 });
    expect(paid.modified_ts as number).toBeGreaterThanOrEqual(inv.modified_ts as number);
    // The pay page does the same for a browser.
    const page = await fetch(`${sb.origin}/pay/${inv.id as string}`, { method: 'POST' });
    expect(await page.text()).toContain('already paid');
  });

  it('advanceClock runs due recurring payments, declines some with real reason codes, and moves next_run_date', () => {
    const today = sb.state.today();
    const active = sb.state.fortis.lists.recurrings.records().filter((r) => r.status === 'active');
    expect(active.length).toBeGreaterThan(10);
    const txBefore = sb.state.fortis.lists.transactions.size;
    const declinedBefore = sb.state.fortis.lists['declined-recurring-transactions'].size;
    const result = sb.actions.advanceClock(62);
    expect(result.today > today).toBe(true);
    const runs = sb.state.fortis.lists.transactions
      .records()
      .slice(txBefore)
      .filter((t) => t.trx_source_id === 13);
    // 62 days: every active monthly plan runs at least once (the rest of the count is Cash Practice).
    expect(runs.length).toBeGreaterThanOrEqual(active.length);
    expect(result.transactions).toBeGreaterThan(runs.length);
    const declines = runs.filter((t) => t.status_code === 301);
    expect(declines.every((t) => [1615, 1616, 1622].includes(t.reason_code_id as number))).toBe(
      true,
    );
    expect(declines.length).toBeGreaterThan(0);
    const newDeclined = sb.state.fortis.lists['declined-recurring-transactions']
      .records()
      .slice(declinedBefore);
    expect(newDeclined.length).toBeGreaterThan(0);
    expect(
      newDeclined.every((d) => d.status === 'unpaid' && d.payment_transaction_id === null),
    ).toBe(true);
    for (const r of sb.state.fortis.lists.recurrings.records()) {
      if (r.status === 'active') expect((r.next_run_date as string) > result.today).toBe(true);
    }
  });

  it('touch marks the oldest records as changed now (for incremental sync)', () => {
    const contacts = sb.state.fortis.lists.contacts;
    const oldest = contacts
      .records()
      .slice(0, 3)
      .map((c) => c.id);
    const now = sb.state.now();
    expect(sb.actions.touch('contacts', 3)).toEqual({ touched: 3 });
    const tail = contacts.records().slice(-3);
    expect(tail.map((c) => c.id).sort()).toEqual([...oldest].sort());
    expect(tail.every((c) => (c.modified_ts as number) >= now)).toBe(true);
    expect(() => sb.actions.touch('widgets', 1)).toThrow(/unknown resource/);
    const patients = sb.state.cashpractice.lists.patients;
    const first = patients.records()[0]!.id;
    expect(sb.actions.touch('cashpractice:patients', 1)).toEqual({ touched: 1 });
    expect(patients.records().at(-1)!.id).toBe(first);
  });
});

describe('patient actions (Cash Practice)', () => {
  async function link(purpose: string, reference: string): Promise<Record<string, unknown>> {
    const patient = sb.state.cashpractice.lists['auto-debits']
      .records()
      .find((a) => a.status === 'active')!.patient_id as string;
    const res = await fetch(`${sb.cashpractice.baseUrl}/v1/pay-now-links`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sb.cashpractice.apiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        patient_id: patient,
        purpose,
        reference,
        ...(purpose === 'payment' ? { amount_cents: 2500 } : {}),
      }),
    });
    return (await res.json()) as Record<string, unknown>;
  }

  it('store-billing link: new default card, auto-debits move to it, $1 verification', async () => {
    const l = await link('store_billing', 'card-1');
    const { billingMethod, transaction } = sb.actions.useStoreBillingLink(l.id as string, {
      expMonth: 2,
      expYear: 2030,
    });
    expect(billingMethod).toMatchObject({
      patient_id: l.patient_id,
      is_default: true,
      exp_month: 2,
      exp_year: 2030,
    });
    expect(transaction).toMatchObject({ amount_cents: 100, status: 'void' });
    const debits = sb.state.cashpractice.lists['auto-debits']
      .records()
      .filter((a) => a.patient_id === l.patient_id && a.status === 'active');
    expect(debits.every((a) => a.billing_method_id === billingMethod.id)).toBe(true);
    const defaults = sb.state.cashpractice.lists['billing-methods']
      .records()
      .filter((m) => m.patient_id === l.patient_id && m.is_default === true);
    expect(defaults).toHaveLength(1);
  });

  it('pay-now link: accepted transaction, link paid', async () => {
    const l = await link('payment', 'pay-1');
    const { transaction } = sb.actions.payPayNowLink(l.id as string);
    expect(transaction).toMatchObject({
      amount_cents: 2500,
      status: 'accepted',
      patient_id: l.patient_id,
    });
    expect(sb.state.cashpractice.payNowLinks.get(l.id as string)!.status).toBe('paid');
  });
});
