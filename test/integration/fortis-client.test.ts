import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  MalformedResponseError,
  ProviderValidationError,
  RateLimitError,
  UnavailableError,
} from '../../src/integrations/errors.js';
import { FortisClient } from '../../src/integrations/fortis/client.js';
import { readIncremental, type FortisListName } from '../../src/integrations/fortis/incremental.js';
import {
  createPaylink,
  createQuickInvoice,
  patchRecurring,
  resendQuickInvoice,
  voidTransaction,
} from '../../src/integrations/fortis/writes.js';

const fixtures = join(import.meta.dirname, '../fixtures/fortis');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>;

const base = 'https://api.sandbox.fortis.tech';
const key = 'fortis-user-api-key-0123456789';

function client(sleeps: number[] = [], trace: string[] = []): FortisClient {
  return new FortisClient({
    userId: 'user-1',
    userApiKey: key,
    developerId: 'dev-1',
    locationId: 'loc-1',
    baseUrl: base,
    trace: (l) => trace.push(l),
    timeoutMs: 150,
    retry: { limit: 3 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

/** A one-page collection envelope around `list` (the fixtures' pagination says 42 pages). */
function page(list: unknown[], pagination?: Record<string, number>): Record<string, unknown> {
  return {
    type: 'Collection',
    list,
    links: {},
    ...(pagination ? { pagination: { type: 'Pagination', ...pagination } } : {}),
  };
}

function firstOf(name: string): unknown {
  return (fixture(name).list as unknown[])[0];
}

const opts = { full: false, pageSize: 1000, overlapSeconds: 300, trace: () => undefined };

async function readAll<N extends FortisListName>(
  c: FortisClient,
  name: N,
  highWater: string | null = null,
) {
  const pages = [];
  for await (const p of readIncremental(c, name, { highWater }, opts)) pages.push(p);
  return pages;
}

describe('Fortis client (nock, vendor fixture payloads)', () => {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });

  it('sends the three auth headers and the bracket-syntax list query, URL-encoded', async () => {
    nock(base, {
      reqheaders: {
        'user-id': 'user-1',
        'user-api-key': key,
        'developer-id': 'dev-1',
        accept: 'application/json',
      },
    })
      .get('/v1/contacts')
      .query((q) => {
        expect(q).toEqual({
          'page[number]': '1',
          'page[size]': '1000',
          'filter_by[0][key]': 'location_id',
          'filter_by[0][operator]': '=',
          'filter_by[0][value]': 'loc-1',
          'filter_by[1][key]': 'modified_ts',
          'filter_by[1][operator]': '>=',
          'filter_by[1][value]': '1699999700',
          'order[0][key]': 'modified_ts',
          'order[0][operator]': 'asc',
        });
        return true;
      })
      .reply(
        200,
        page([firstOf('GET_v1_contacts.json')], {
          total_count: 1,
          page_count: 1,
          page_number: 1,
          page_size: 1000,
        }),
      );
    const [p] = await readAll(client(), 'contacts', '1700000000');
    expect(p?.records[0]).toMatchObject({
      source: 'fortis',
      upstreamId: '11e95f8ec39de8fbdb0a4f1a',
      accountNumber: '54545433332',
      mobile: '3339998822',
      lastName: 'Smith',
      dateOfBirth: '2021-12-01',
      modifiedAt: '2015-01-23T19:23:12.000Z',
    });
    // The high water never goes below the checkpoint it started from.
    expect(p?.highWater).toBe('1700000000');
  });

  it('maps every list fixture into domain records', async () => {
    const lists: Array<[FortisListName, string]> = [
      ['tokens', 'GET_v1_tokens.json'],
      ['recurrings', 'GET_v1_recurrings.json'],
      ['transactions', 'GET_v1_transactions.json'],
      ['declined-recurring-transactions', 'GET_v1_declined-recurring-transactions.json'],
      ['quick-invoices', 'GET_v1_quick-invoices.json'],
      ['paylinks', 'GET_v1_paylinks.json'],
    ];
    const scope = nock(base);
    for (const [name, file] of lists) {
      // The fixture's own envelope (pagination says page 6 of 42) is served as the last page.
      scope
        .get(`/v1/${name}`)
        .query(true)
        .reply(200, {
          ...fixture(file),
          pagination: { total_count: 1, page_count: 1, page_number: 1, page_size: 1000 },
        });
    }
    const c = client();
    const got: Record<string, unknown> = {};
    for (const [name] of lists) got[name] = (await readAll(c, name))[0]?.records[0];
    expect(got.tokens).toMatchObject({
      contactId: '11e95f8ec39de8fbdb0a4f1a',
      method: 'cc',
      brand: 'checking',
      lastFour: '3657',
      expMonth: 7,
      expYear: 2022,
      holderName: 'John Smith',
      hasRecurring: false,
      accountUpdaterAt: '2015-01-23T19:23:12.000Z',
    });
    expect(got.recurrings).toMatchObject({
      cardId: '11e95f8ec39de8fbdb0a4f1a',
      amountCents: 300,
      intervalCount: 1,
      intervalUnit: 'day',
      planType: 'fixed',
      paymentsTotal: 20,
      status: 'active',
      nextRunDate: '2021-12-01',
    });
    expect(got.transactions).toMatchObject({
      status: 'approved',
      reasonCode: '1000',
      reasonText: 'Approved',
      planId: '11e95f8ec39de8fbdb0a4f1a',
      invoiceId: '11e95f8ec39de8fbdb0a4f1a',
      paylinkId: '11e95f8ec39de8fbdb0a4f1a',
      // The fixture's `status`/`type` are {id,title} objects and `tags` objects: tolerated.
    });
    expect(got['declined-recurring-transactions']).toMatchObject({
      status: 'paid',
      planId: '11e95f8ec39de8fbdb0a4f1a',
    });
    expect(got['quick-invoices']).toMatchObject({
      apiId: 'quickinvoice12345',
      items: [{ name: 'Bread', amountCents: 2015 }],
      totalCents: 2015,
      status: 'open',
    });
    expect(got.paylinks).toMatchObject({ amountCents: 1, status: 'paid' });
    // raw keeps the whole upstream record, fields trackstat does not read included.
    expect((got.transactions as { raw: { verbiage: string } }).raw.verbiage).toBe('APPROVED');
  });

  /** A tiny list server over `rows`: modified_ts >= filter, ascending, pages capped at 2. */
  function cappedServer(
    rows: Array<{ id: string; modified_ts: number }>,
    onRequest?: (n: number) => void,
  ) {
    let requests = 0;
    nock(base)
      .get('/v1/contacts')
      .query(true)
      .times(50)
      .reply((uri) => {
        onRequest?.(++requests);
        const q = new URL(uri, base).searchParams;
        const since = Number(q.get('filter_by[1][value]') ?? '-1');
        const number = Number(q.get('page[number]'));
        const hits = rows
          .filter((r) => r.modified_ts >= since)
          .sort((a, b) => a.modified_ts - b.modified_ts);
        const size = 2; // the server ignores page[size]=1000
        const pageCount = Math.max(1, Math.ceil(hits.length / size));
        const list = hits
          .slice((number - 1) * size, number * size)
          .map((r) => ({ ...r, last_name: 'X' }));
        return [
          200,
          page(list, {
            total_count: hits.length,
            page_count: pageCount,
            page_number: number,
            page_size: size,
          }),
        ];
      });
    return () => requests;
  }

  it('keeps paging when the server caps the page size, until pagination says it is done', async () => {
    const rows = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ id, modified_ts: 10 + i }));
    cappedServer(rows);
    const pages = await readAll(client(), 'contacts');
    const ids = new Set(pages.flatMap((p) => p.records.map((r) => r.upstreamId)));
    expect([...ids].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages.at(-1)?.highWater).toBe('14');
    nock.cleanAll();
  });

  it('reads every record when many share one timestamp, and when records change mid-read', async () => {
    const same = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, modified_ts: 20 }));
    cappedServer(same);
    const pages = await readAll(client(), 'contacts');
    expect(new Set(pages.flatMap((p) => p.records.map((r) => r.upstreamId))).size).toBe(5);
    nock.cleanAll();

    // 'b' changes after the first page: it moves to the end; nothing may be skipped.
    const rows = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => ({ id, modified_ts: 10 + i }));
    cappedServer(rows, (n) => {
      if (n === 2) rows[1]!.modified_ts = 99;
    });
    const again = await readAll(client(), 'contacts');
    expect(new Set(again.flatMap((p) => p.records.map((r) => r.upstreamId))).size).toBe(6);
    expect(again.at(-1)?.highWater).toBe('99');
    nock.cleanAll();
  });

  it('without pagination facts, reads until an empty page', async () => {
    nock(base)
      .get('/v1/paylinks')
      .query((q) => q['page[number]'] === '1')
      .reply(200, page([{ id: 'p1', status_code: 0, amount_due: '500' }]))
      .get('/v1/paylinks')
      .query((q) => q['page[number]'] === '2')
      .reply(200, page([]));
    const pages = await readAll(client(), 'paylinks');
    expect(pages[0]?.records[0]).toMatchObject({ amountCents: 500, status: 'open' });
    expect(pages).toHaveLength(2);
  });

  it('falls back to created_ts, then to no time filter, when Fortis refuses the key (412)', async () => {
    const trace: string[] = [];
    const refused = fixture('error_412.json');
    nock(base)
      .get('/v1/tokens')
      .query((q) => q['order[0][key]'] === 'modified_ts')
      .reply(412, refused)
      .get('/v1/tokens')
      .query((q) => q['order[0][key]'] === 'created_ts' && q['filter_by[1][key]'] === 'created_ts')
      .reply(412, refused)
      .get('/v1/tokens')
      .query((q) => q['order[0][key]'] === undefined && q['filter_by[1][key]'] === undefined)
      .reply(
        200,
        page([{ id: 't1', exp_date: '1229', modified_ts: 50.0 }], {
          page_count: 1,
          page_number: 1,
        }),
      );
    const pages = [];
    for await (const p of readIncremental(
      client(),
      'tokens',
      { highWater: '100' },
      { ...opts, trace: (l) => trace.push(l) },
    )) {
      pages.push(p);
    }
    expect(pages[0]?.records[0]).toMatchObject({ expMonth: 12, expYear: 2029 });
    expect(trace.join('\n')).toMatch(/falling back to created_ts/);
    expect(trace.join('\n')).toMatch(/without a time filter/);
  });

  it('401 → AuthError (exit 5) with the hint, and the key never in the message', async () => {
    nock(base).get('/v1/contacts').query(true).reply(401, fixture('error_401.json'));
    const err = await readAll(client(), 'contacts').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).exitCode).toBe(5);
    expect((err as AuthError).message).toContain('Invalid token');
    expect((err as AuthError).hint).toMatch(/user API key/);
    expect(JSON.stringify(err)).not.toContain(key);
  });

  it('412 on a create → ProviderValidationError with the field details', async () => {
    nock(base)
      .post('/v1/quick-invoices')
      .query({ expand: 'payment_url' })
      .reply(412, {
        ...fixture('error_412.json'),
        meta: {
          details: [{ message: '"title" is required', path: ['title'], type: 'any.required' }],
        },
      });
    const err = await createQuickInvoice(client(), {
      apiId: 'inv-1',
      contactId: 'c1',
      title: '',
      dueDate: '2026-12-01',
      items: [{ name: 'Visit', amountCents: 6500 }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderValidationError);
    expect((err as ProviderValidationError).details).toEqual([
      { field: 'title', message: '"title" is required' },
    ]);
    expect((err as ProviderValidationError).message).toContain('"fieldName" is required');
  });

  it('retries 429 honouring Retry-After, and 500, then succeeds', async () => {
    const sleeps: number[] = [];
    nock(base)
      .get('/v1/recurrings')
      .query(true)
      .reply(429, { statusCode: 429 }, { 'Retry-After': '3' })
      .get('/v1/recurrings')
      .query(true)
      .reply(500, {})
      .get('/v1/recurrings')
      .query(true)
      .reply(
        200,
        page(
          [{ id: 'r1', status: 'on hold', transaction_amount: '2500', recurring_type_id: 'o' }],
          { page_count: 1, page_number: 1 },
        ),
      );
    const pages = await readAll(client(sleeps), 'recurrings');
    expect(sleeps[0]).toBe(3000);
    expect(sleeps).toHaveLength(2);
    expect(pages[0]?.records[0]).toMatchObject({
      status: 'on_hold',
      amountCents: 2500,
      planType: 'ongoing',
    });
  });

  it('gives up after the retry budget: 429 → RateLimitError (6), 503 → UnavailableError (6)', async () => {
    nock(base).get('/v1/paylinks').query(true).times(4).reply(429, {}, { 'Retry-After': '1' });
    await expect(readAll(client(), 'paylinks')).rejects.toBeInstanceOf(RateLimitError);
    nock(base).get('/v1/paylinks').query(true).times(4).reply(503, {});
    const err = await readAll(client(), 'paylinks').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as UnavailableError).exitCode).toBe(6);
  });

  it('a timeout is retried, then reported as unavailable', async () => {
    nock(base).get('/v1/contacts').query(true).times(4).delay(400).reply(200, page([]));
    const err = await readAll(client(), 'contacts').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(/did not answer in time/);
  });

  it('a malformed record names the field', async () => {
    nock(base)
      .get('/v1/transactions')
      .query(true)
      .reply(
        200,
        page(
          [
            { id: 'x1', status_code: 101 },
            { id: 'x2', transaction_amount: 'ten dollars' },
          ],
          { page_count: 1, page_number: 1 },
        ),
      );
    const err = await readAll(client(), 'transactions').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as MalformedResponseError).field).toBe('transactions.transaction_amount');
    expect((err as Error).message).toMatch(
      /^Unexpected response from Fortis: transactions\.transaction_amount is "ten dollars"/,
    );
  });

  it('a body without a list names the envelope field', async () => {
    nock(base).get('/v1/contacts').query(true).reply(200, { type: 'ContactsCollection' });
    const err = await readAll(client(), 'contacts').catch((e: unknown) => e);
    expect((err as MalformedResponseError).field).toBe('contacts.list');
  });

  it('POST with an idempotency id is retried; POST without one is never retried', async () => {
    const created = fixture('POST_v1_paylinks.json');
    nock(base)
      .post(
        '/v1/paylinks',
        (b: Record<string, unknown>) => b.paylink_api_id === 'link-7' && b.delivery_method === 0,
      )
      .query({ expand: 'payment_url' })
      .reply(503, {})
      .post('/v1/paylinks', (b: Record<string, unknown>) => b.paylink_api_id === 'link-7')
      .query({ expand: 'payment_url' })
      .reply(200, created);
    const link = await createPaylink(client(), {
      apiId: 'link-7',
      contactId: 'c1',
      amountCents: 100,
      action: 'auth-only',
      storeToken: true,
    });
    expect(link).toMatchObject({ upstreamId: '11e95f8ec39de8fbdb0a4f1a', status: 'paid' });

    nock(base)
      .post('/v1/quick-invoices/q1/resend')
      .query({ email: '1', sms: '0' })
      .once()
      .reply(503, {});
    await expect(
      resendQuickInvoice(client(), 'q1', { email: true, sms: false }),
    ).rejects.toBeInstanceOf(UnavailableError);
  });

  it('creates a quick invoice, patches a plan onto a new card, voids a transaction', async () => {
    nock(base)
      .post(
        '/v1/quick-invoices',
        (b: Record<string, unknown>) =>
          b.quick_invoice_api_id === 'inv-9' && b.send_email === false,
      )
      .query({ expand: 'payment_url' })
      .reply(200, fixture('POST_v1_quick-invoices.json'))
      .patch('/v1/recurrings/r9', { token_id: 'tok-new' })
      .reply(200, fixture('PATCH_v1_recurrings_{id}.json'))
      .put('/v1/transactions/t9/void')
      .reply(200, fixture('PUT_v1_transactions_{id}_void.json'));
    const c = client();
    const invoice = await createQuickInvoice(c, {
      apiId: 'inv-9',
      contactId: 'c1',
      title: 'Visit',
      dueDate: '2026-12-01',
      items: [{ name: 'Bread', amountCents: 2015 }],
    });
    expect(invoice).toMatchObject({ apiId: 'quickinvoice12345', totalCents: 2015 });
    expect((await patchRecurring(c, 'r9', { tokenId: 'tok-new' })).status).toBe('active');
    expect((await voidTransaction(c, 't9')).upstreamId).toBe('11e95f8ec39de8fbdb0a4f1a');
  });
});
