import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

let sb: Sandbox;

async function cp(
  method: string,
  path: string,
  body?: unknown,
  key?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sb.cashpractice.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key ?? sb.cashpractice.apiKey}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  sb = await startSandbox({
    seed: 21,
    patients: 150,
    today: '2026-11-27',
    processors: 'cashpractice',
  });
});
afterAll(async () => {
  await sb.close();
});

describe('Cash Practice emulator (provisional contract)', () => {
  it('needs the bearer key: 401 with the error body otherwise', async () => {
    const bad = await cp('GET', '/v1/account', undefined, 'wrong');
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ error: { code: 'unauthorized' } });
    const ok = await cp('GET', '/v1/account');
    expect(ok.json).toMatchObject({
      practice_name: sb.state.practice.practiceName,
      timezone: 'America/New_York',
    });
  });

  it('walks a cursor list to the end in updated_at order', async () => {
    const total = sb.state.cashpractice.lists.transactions.size;
    const ids: string[] = [];
    let cursor: string | null = null;
    let last = '';
    do {
      const page = await cp('GET', `/v1/transactions?limit=97${cursor ? `&cursor=${cursor}` : ''}`);
      const data = page.json.data as Array<{ id: string; updated_at: string }>;
      for (const t of data) {
        expect(t.updated_at >= last).toBe(true);
        last = t.updated_at;
        ids.push(t.id);
      }
      cursor = page.json.next_cursor as string | null;
    } while (cursor);
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('filters by updated_since and checks limit and cursor', async () => {
    const all = sb.state.cashpractice.lists.patients.records();
    const since = all[Math.floor(all.length / 2)]!.updated_at as string;
    const res = await cp(
      'GET',
      `/v1/patients?limit=1000&updated_since=${encodeURIComponent(since)}`,
    );
    const data = res.json.data as Array<{ updated_at: string; tps_id: string | null }>;
    expect(data.length).toBe(all.filter((p) => (p.updated_at as string) >= since).length);
    expect(res.json.next_cursor).toBeNull();
    expect((await cp('GET', '/v1/patients?limit=1001')).status).toBe(400);
    expect((await cp('GET', '/v1/patients?limit=0')).status).toBe(400);
    expect((await cp('GET', '/v1/patients?cursor=garbage')).status).toBe(400);
    expect((await cp('GET', '/v1/patients?updated_since=yesterday')).status).toBe(400);
    const accounts = new Set(sb.state.practice.patients.map((p) => p.account));
    expect(
      all.filter((p) => p.tps_id !== null).every((p) => accounts.has(p.tps_id as string)),
    ).toBe(true);
  });

  it('serves auto-debits, billing methods and care plans with the contract fields', async () => {
    const ad = (
      (await cp('GET', '/v1/auto-debits?limit=5')).json.data as Record<string, unknown>[]
    )[0]!;
    expect(Object.keys(ad)).toEqual(
      expect.arrayContaining([
        'id',
        'patient_id',
        'billing_method_id',
        'amount_cents',
        'frequency',
        'payments_total',
        'payments_made',
        'start_date',
        'next_payment_date',
        'status',
        'paid_up',
        'payments_short',
        'care_plan_id',
        'group',
        'updated_at',
      ]),
    );
    const bm = (
      (await cp('GET', '/v1/billing-methods?limit=5')).json.data as Record<string, unknown>[]
    )[0]!;
    expect(Object.keys(bm)).toEqual(
      expect.arrayContaining([
        'id',
        'patient_id',
        'type',
        'brand',
        'last_four',
        'exp_month',
        'exp_year',
        'is_default',
        'archived',
        'updated_by_card_updater_at',
        'updated_at',
      ]),
    );
    const plans = (await cp('GET', '/v1/care-plans?limit=1000')).json.data as Array<{
      type: string;
    }>;
    expect(plans.some((p) => p.type === 'wellness')).toBe(true);
    expect(plans.some((p) => p.type === 'corrective' || p.type === 'block')).toBe(true);
    const behind = sb.state.cashpractice.lists['auto-debits']
      .records()
      .filter((a) => a.paid_up === false);
    expect(behind.length).toBeGreaterThan(0);
  });

  it('creates pay-now links idempotently by reference', async () => {
    const patient = sb.state.cashpractice.lists.patients.records()[0]!;
    const body = {
      patient_id: patient.id,
      purpose: 'payment',
      amount_cents: 4500,
      reference: 'pw-appt-1',
    };
    const first = await cp('POST', '/v1/pay-now-links', body);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      reference: 'pw-appt-1',
      url: `${sb.origin}/pay/${first.json.id as string}`,
    });
    const again = await cp('POST', '/v1/pay-now-links', body);
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    const invalid = await cp('POST', '/v1/pay-now-links', {
      patient_id: patient.id,
      purpose: 'gift',
      reference: 'x',
    });
    expect(invalid.status).toBe(422);
  });
});
