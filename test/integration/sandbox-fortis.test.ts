import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

let sb: Sandbox;

function headers(): Record<string, string> {
  return {
    'user-id': sb.fortis.userId,
    'user-api-key': sb.fortis.userApiKey,
    'developer-id': sb.fortis.developerId,
    accept: 'application/json',
  };
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{
  status: number;
  json: Record<string, unknown> & {
    list?: Record<string, unknown>[];
    data?: Record<string, unknown>;
  };
}> {
  const res = await fetch(`${sb.fortis.baseUrl}${path}`, {
    method,
    headers: { ...headers(), 'content-type': 'application/json', ...extraHeaders },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as never };
}

beforeAll(async () => {
  sb = await startSandbox({ seed: 11, patients: 120, today: '2026-11-27' });
});
afterAll(async () => {
  await sb.close();
});

describe('Fortis emulator: auth', () => {
  it('answers users/me and the location with the right headers', async () => {
    const me = await call('GET', '/v1/users/me');
    expect(me.status).toBe(200);
    expect(me.json.type).toBe('User');
    expect(me.json.data?.primary_location_id).toBe(sb.fortis.locationId);
    const loc = await call('GET', `/v1/locations/${sb.fortis.locationId}`);
    expect(loc.status).toBe(200);
    expect(loc.json.type).toBe('Location');
    expect(typeof loc.json.data?.name).toBe('string');
    const locs = await call('GET', '/v1/locations');
    expect(locs.json.type).toBe('LocationsCollection');
    expect(locs.json.list).toHaveLength(1);
  });

  it('rejects a wrong key, a missing developer-id and a wrong user with the 401 body', async () => {
    for (const bad of [
      { 'user-api-key': 'nope' },
      { 'developer-id': '' },
      { 'user-id': '11ee0100000b000000000099' },
    ]) {
      const res = await call('GET', '/v1/contacts', undefined, bad);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Invalid token',
      });
    }
  });
});

describe('Fortis emulator: lists', () => {
  it('returns the collection envelope with links, pagination and sort', async () => {
    const res = await call('GET', '/v1/contacts?page[number]=2&page[size]=10');
    expect(res.status).toBe(200);
    expect(res.json.type).toBe('ContactsCollection');
    expect(res.json.list).toHaveLength(10);
    const p = res.json.pagination as Record<string, number>;
    expect(p).toMatchObject({ type: 'Pagination', page_number: 2, page_size: 10 });
    expect(p.page_count).toBe(Math.ceil(p.total_count! / 10));
    expect(res.json.links).toMatchObject({
      type: 'Links',
      first: '/v1/contacts?page[size]=10&page[number]=1',
      previous: '/v1/contacts?page[size]=10&page[number]=1',
      next: '/v1/contacts?page[size]=10&page[number]=3',
    });
    expect(res.json.sort).toEqual({
      type: 'Sorting',
      fields: [{ field: 'modified_ts', order: 'asc' }],
    });
  });

  it('defaults to 50 per page and pages through every record exactly once, oldest change first', async () => {
    const total = sb.state.fortis.lists.contacts.size;
    const first = await call('GET', '/v1/contacts');
    expect(first.json.list).toHaveLength(Math.min(50, total));
    const seen: string[] = [];
    let last = 0;
    for (let page = 1; ; page++) {
      const res = await call('GET', `/v1/contacts?page[size]=7&page[number]=${page}`);
      const list = res.json.list ?? [];
      for (const c of list) {
        expect(c.modified_ts as number).toBeGreaterThanOrEqual(last);
        last = c.modified_ts as number;
        seen.push(c.id as string);
      }
      if (list.length < 7) {
        // the last partial page
        expect(list.length).toBe(total % 7);
        expect((res.json.links as Record<string, unknown>).next).toBeNull();
        break;
      }
    }
    expect(new Set(seen).size).toBe(total);
  });

  it('returns an empty list past the end and for a filter that matches nothing', async () => {
    const past = await call('GET', '/v1/contacts?page[number]=999&page[size]=50');
    expect(past.status).toBe(200);
    expect(past.json.list).toEqual([]);
    const none = await call(
      'GET',
      '/v1/contacts?filter_by[0][key]=modified_ts&filter_by[0][operator]=>=&filter_by[0][value]=9999999999',
    );
    expect(none.json.list).toEqual([]);
    expect((none.json.pagination as Record<string, number>).total_count).toBe(0);
  });

  it('accepts page size 5000 and refuses 5001 and 0 with a 412 body', async () => {
    const big = await call('GET', '/v1/transactions?page[size]=5000');
    expect(big.status).toBe(200);
    expect(big.json.list!.length).toBe(Math.min(5000, sb.state.fortis.lists.transactions.size));
    for (const size of ['5001', '0']) {
      const res = await call('GET', `/v1/transactions?page[size]=${size}`);
      expect(res.status).toBe(412);
      expect(res.json).toMatchObject({ statusCode: 412, title: 'Precondition Failed' });
      expect((res.json.meta as { details: unknown[] }).details[0]).toMatchObject({
        path: ['page', 'size'],
      });
    }
  });

  it('accepts the JSON forms of page and filter_by', async () => {
    const filter = encodeURIComponent(
      JSON.stringify([{ key: 'status', operator: '=', value: 'unpaid' }]),
    );
    const res = await call(
      'GET',
      `/v1/declined-recurring-transactions?page=${encodeURIComponent('{"number":1,"size":500}')}&filter_by=${filter}`,
    );
    expect(res.status).toBe(200);
    expect(res.json.list!.length).toBeGreaterThan(0);
    expect(res.json.list!.every((d) => d.status === 'unpaid')).toBe(true);
  });

  it('filters with =, >=, <= and IN (and location_id)', async () => {
    const all = sb.state.fortis.lists.transactions.records();
    const mid = all[Math.floor(all.length / 2)]!.modified_ts as number;
    const ge = await call(
      'GET',
      `/v1/transactions?page[size]=5000&filter_by[0][key]=modified_ts&filter_by[0][operator]=>=&filter_by[0][value]=${mid}`,
    );
    expect(ge.json.list!.length).toBe(all.filter((t) => (t.modified_ts as number) >= mid).length);
    expect(ge.json.list!.every((t) => (t.modified_ts as number) >= mid)).toBe(true);
    const le = await call(
      'GET',
      `/v1/transactions?page[size]=5000&filter_by[0][key]=modified_ts&filter_by[0][operator]=<=&filter_by[0][value]=${mid}`,
    );
    expect(le.json.list!.length).toBe(all.filter((t) => (t.modified_ts as number) <= mid).length);

    const declined = await call(
      'GET',
      `/v1/transactions?page[size]=5000&filter_by[0][key]=status_code&filter_by[0][operator]==&filter_by[0][value]=301&filter_by[1][key]=location_id&filter_by[1][operator]==&filter_by[1][value]=${sb.fortis.locationId}`,
    );
    expect(declined.json.list!.length).toBe(all.filter((t) => t.status_code === 301).length);
    expect(declined.json.list!.length).toBeGreaterThan(0);

    const codes = await call(
      'GET',
      `/v1/transactions?page[size]=5000&filter_by[0][key]=reason_code_id&filter_by[0][operator]=IN&filter_by[0][value]=${encodeURIComponent('1615,1616')}`,
    );
    expect(codes.json.list!.length).toBe(
      all.filter((t) => t.reason_code_id === 1615 || t.reason_code_id === 1616).length,
    );
    expect(codes.json.list!.every((t) => [1615, 1616].includes(t.reason_code_id as number))).toBe(
      true,
    );

    const otherLocation = await call(
      'GET',
      '/v1/transactions?filter_by[0][key]=location_id&filter_by[0][operator]==&filter_by[0][value]=11ee02ffffff000000000001',
    );
    expect(otherLocation.json.list).toEqual([]);

    const contact = sb.state.fortis.lists.tokens.records()[0]!.contact_id as string;
    const tokens = await call(
      'GET',
      `/v1/tokens?filter_by[0][key]=contact_id&filter_by[0][operator]==&filter_by[0][value]=${contact}`,
    );
    expect(tokens.json.list!.length).toBeGreaterThan(0);
    expect(tokens.json.list!.every((t) => t.contact_id === contact)).toBe(true);
  });

  it('orders by a key ascending and descending', async () => {
    const asc = await call(
      'GET',
      '/v1/contacts?page[size]=500&order[0][key]=last_name&order[0][operator]=asc',
    );
    const names = asc.json.list!.map((c) => c.last_name as string);
    expect(names).toEqual([...names].sort());
    expect(asc.json.sort).toEqual({
      type: 'Sorting',
      fields: [{ field: 'last_name', order: 'asc' }],
    });
    const desc = await call(
      'GET',
      '/v1/contacts?page[size]=500&order[0][key]=modified_ts&order[0][operator]=desc',
    );
    const ts = desc.json.list!.map((c) => c.modified_ts as number);
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
  });

  it('refuses an unknown filter key, operator or order key with 412', async () => {
    const key = await call(
      'GET',
      '/v1/contacts?filter_by[0][key]=shoe_size&filter_by[0][operator]==&filter_by[0][value]=9',
    );
    expect(key.status).toBe(412);
    expect(key.json).toMatchObject({ statusCode: 412, title: 'Precondition Failed' });
    expect(typeof key.json.detail).toBe('string');
    const op = await call(
      'GET',
      '/v1/contacts?filter_by[0][key]=last_name&filter_by[0][operator]=LIKE&filter_by[0][value]=x',
    );
    expect(op.status).toBe(412);
    const order = await call('GET', '/v1/contacts?order[0][key]=shoe_size&order[0][operator]=asc');
    expect(order.status).toBe(412);
  });

  it('expands reason_code and status into {id, title} on transactions', async () => {
    const res = await call(
      'GET',
      '/v1/transactions?page[size]=200&expand=reason_code,status&filter_by[0][key]=status_code&filter_by[0][operator]==&filter_by[0][value]=301',
    );
    const first = res.json.list![0]!;
    expect(first.status).toEqual({ id: 301, title: 'Declined' });
    expect(first.reason_code).toMatchObject({ id: first.reason_code_id });
    expect(['Do not honor', 'NSF', 'Card expired']).toContain(
      (first.reason_code as { title: string }).title,
    );
  });

  it('gets single records and answers 404 for unknown ids', async () => {
    const rec = sb.state.fortis.lists.recurrings.records()[0]!;
    const one = await call('GET', `/v1/recurrings/${rec.id}`);
    expect(one.json).toMatchObject({ type: 'Recurring', data: { id: rec.id } });
    expect(['active', 'on hold', 'ended']).toContain(one.json.data!.status);
    const missing = await call('GET', '/v1/recurrings/11ee05ffffffffffffffffff');
    expect(missing.status).toBe(404);
  });
});

describe('Fortis emulator: writes', () => {
  it('creates paylinks idempotently by paylink_api_id and expands payment_url', async () => {
    const contact = sb.state.fortis.lists.contacts.records()[0]!;
    const body = {
      amount_due: 100,
      contact_id: contact.id,
      paylink_action: 'auth-only',
      store_token: true,
      delivery_method: 0,
      paylink_api_id: 'cardupdate-abc-1',
    };
    const first = await call('POST', '/v1/paylinks?expand=payment_url', body);
    expect(first.status).toBe(201);
    expect(first.json.type).toBe('Paylink');
    const id = first.json.data!.id as string;
    expect(first.json.data!.payment_url).toBe(`${sb.origin}/pay/${id}`);
    expect(first.json.data!.status_code).toBe(0);
    const again = await call('POST', '/v1/paylinks?expand[]=payment_url', body);
    expect(again.status).toBe(200);
    expect(again.json.data!.id).toBe(id);
    expect(again.json.data!.payment_url).toBe(`${sb.origin}/pay/${id}`);
    const list = await call(
      'GET',
      `/v1/paylinks?filter_by[0][key]=paylink_api_id&filter_by[0][operator]==&filter_by[0][value]=cardupdate-abc-1`,
    );
    expect(list.json.list).toHaveLength(1);
    expect(list.json.list![0]!.payment_url).toBeUndefined();
    const page = await (await fetch(`${sb.origin}/pay/${id}`)).text();
    expect(page).toContain('Update your card');
  });

  it('refuses a paylink without amount_due or with an unknown contact (412)', async () => {
    const missing = await call('POST', '/v1/paylinks', { contact_id: 'x' });
    expect(missing.status).toBe(412);
    expect((missing.json.meta as { details: Array<{ path: string[] }> }).details[0]!.path).toEqual([
      'amount_due',
    ]);
    const contact = await call('POST', '/v1/paylinks', {
      amount_due: 10,
      contact_id: '11ee03ffffffffffffffffff',
    });
    expect(contact.status).toBe(412);
  });

  it('creates, resends and deletes quick invoices; the api id makes creation idempotent', async () => {
    const contact = sb.state.fortis.lists.contacts.records()[1]!;
    const body = {
      title: 'Statement',
      due_date: '2026-12-15',
      item_list: [
        { name: 'Visit 11/02', amount: 6500 },
        { name: 'Visit 11/09', amount: 4500 },
      ],
      contact_id: contact.id,
      quick_invoice_api_id: 'inv-42',
      send_email: false,
    };
    const created = await call('POST', '/v1/quick-invoices?expand=payment_url', body);
    expect(created.status).toBe(201);
    const inv = created.json.data!;
    expect(inv).toMatchObject({
      amount_due: 11000,
      remaining_balance: 11000,
      payment_status_id: 1,
      active: true,
    });
    expect(inv.payment_url).toBe(`${sb.origin}/pay/${inv.id as string}`);
    const again = await call('POST', '/v1/quick-invoices', body);
    expect(again.status).toBe(200);
    expect(again.json.data!.id).toBe(inv.id);
    const got = await call('GET', `/v1/quick-invoices/${inv.id as string}?expand=payment_url`);
    expect(got.json.data!.payment_url).toBe(inv.payment_url);
    const resend = await call(
      'POST',
      `/v1/quick-invoices/${inv.id as string}/resend?email=1&sms=0`,
    );
    expect(resend.status).toBe(200);
    expect(resend.json.data).toMatchObject({ id: inv.id, success: true, sms_success: false });
    const before = sb.state.now();
    const deleted = await call('DELETE', `/v1/quick-invoices/${inv.id as string}`);
    expect(deleted.json.data).toMatchObject({ active: false });
    expect(deleted.json.data!.modified_ts as number).toBeGreaterThanOrEqual(before);
    const bad = await call('POST', '/v1/quick-invoices', {
      title: 'x',
      due_date: '2026-12-01',
      item_list: [],
    });
    expect(bad.status).toBe(412);
  });

  it('moves a recurring plan to another token of the same contact, and refuses a stranger token', async () => {
    const rec = sb.state.fortis.lists.recurrings.records().find((r) => r.status === 'active')!;
    const contactId = rec.contact_id as string;
    const paylink = await call('POST', '/v1/paylinks', {
      amount_due: 100,
      contact_id: contactId,
      paylink_action: 'auth-only',
      store_token: true,
    });
    const { token } = sb.actions.useCardUpdateLink(paylink.json.data!.id as string, {
      expMonth: 4,
      expYear: 2030,
    });
    const patched = await call('PATCH', `/v1/recurrings/${rec.id}`, { token_id: token.id });
    expect(patched.status).toBe(200);
    expect(patched.json.data).toMatchObject({ id: rec.id, token_id: token.id });
    expect(patched.json.data!.modified_ts as number).toBeGreaterThanOrEqual(
      token.modified_ts as number,
    );
    expect(sb.state.fortis.lists.tokens.get(token.id)!.has_recurring).toBe(true);
    const stranger = sb.state.fortis.lists.tokens
      .records()
      .find((t) => t.contact_id !== contactId)!;
    const refused = await call('PATCH', `/v1/recurrings/${rec.id}`, { token_id: stranger.id });
    expect(refused.status).toBe(412);
  });

  it('voids an approved transaction once', async () => {
    const txn = sb.state.fortis.lists.transactions.records().find((t) => t.status_code === 101)!;
    const voided = await call('PUT', `/v1/transactions/${txn.id}/void`);
    expect(voided.status).toBe(200);
    expect(voided.json).toMatchObject({
      type: 'Transaction',
      data: { id: txn.id, status_code: 201, reason_code_id: 1200 },
    });
    const twice = await call('PUT', `/v1/transactions/${txn.id}/void`);
    expect(twice.status).toBe(412);
  });

  it('logs every request', () => {
    expect(sb.requestLog.some((r) => r.method === 'PUT' && r.status === 412)).toBe(true);
    expect(sb.requestLog.every((r) => typeof r.path === 'string' && r.path.startsWith('/'))).toBe(
      true,
    );
  });
});
