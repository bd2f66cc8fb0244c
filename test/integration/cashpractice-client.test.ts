import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CashPracticeClient,
  createPayNowLink,
  type ListPage,
} from '../../src/integrations/cashpractice/client.js';
import {
  toCard,
  toContact,
  toRecurringPlan,
  toTransaction,
  type ListResource,
} from '../../src/integrations/cashpractice/wire.js';
import { AuthError, MalformedResponseError } from '../../src/integrations/errors.js';
import { ExitCode } from '../../src/terminal/exit-codes.js';

const base = 'https://cp.example.test';
const key = 'cp-secret-key-9876';
const at = '2026-03-01T10:00:00.000Z';

function client(sleeps: number[] = [], trace: string[] = []) {
  return new CashPracticeClient({
    apiKey: key,
    baseUrl: base,
    trace: (l) => trace.push(l),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    timeoutMs: 500,
  });
}

async function collect<R extends ListResource>(
  it: AsyncIterable<ListPage<R>>,
): Promise<ListPage<R>[]> {
  const pages: ListPage<R>[] = [];
  for await (const p of it) pages.push(p);
  return pages;
}

const bearer = { reqheaders: { authorization: `Bearer ${key}` } };

describe('Cash Practice client (provisional contract)', () => {
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

  it('verifies the key with GET /v1/account using the bearer header', async () => {
    nock(base, bearer)
      .get('/v1/account')
      .reply(200, { id: 'acc_1', practice_name: 'Spine & Wellness', timezone: 'America/Chicago' });
    const account = await client().account();
    expect(account).toEqual({
      id: 'acc_1',
      practiceName: 'Spine & Wellness',
      timezone: 'America/Chicago',
    });
  });

  it('lists patients page by page following next_cursor, sending updated_since and limit', async () => {
    nock(base, bearer)
      .get('/v1/patients')
      .query({ updated_since: '2026-02-01T00:00:00.000Z', limit: '2' })
      .reply(200, {
        data: [
          {
            id: 'pat_1',
            tps_id: '10001',
            first_name: 'Ann',
            last_name: 'Lee',
            email: 'ann@example.com',
            mobile: '+15550001111',
            status: 'active',
            updated_at: '2026-02-02T00:00:00Z',
            extra_field: 'ignored',
          },
          {
            id: 'pat_2',
            tps_id: '',
            first_name: 'Bo',
            last_name: 'Kim',
            email: null,
            mobile: null,
            status: 'inactive',
            updated_at: '2026-02-03T00:00:00Z',
          },
        ],
        next_cursor: 'c2',
      })
      .get('/v1/patients')
      .query({ updated_since: '2026-02-01T00:00:00.000Z', limit: '2', cursor: 'c2' })
      .reply(200, {
        data: [
          {
            id: 3,
            tps_id: 10003,
            first_name: 'Cy',
            last_name: 'Ng',
            email: 'cy@example.com',
            mobile: null,
            status: 'Active',
            updated_at: '2026-02-04T00:00:00Z',
          },
        ],
        next_cursor: null,
      });
    const pages = await collect(
      client().list('patients', { updatedSince: '2026-02-01T00:00:00.000Z', limit: 2 }),
    );
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
    expect(pages[0]!.lastUpdatedAt).toBe('2026-02-03T00:00:00.000Z');
    const contacts = pages.flatMap((p) => p.items.map((i) => toContact(i.wire, i.raw)));
    expect(contacts.map((c) => [c.upstreamId, c.accountNumber, c.active])).toEqual([
      ['pat_1', '10001', true],
      ['pat_2', null, false],
      ['3', '10003', true],
    ]);
    expect(contacts[0]!.raw).toMatchObject({ extra_field: 'ignored' });
    expect(contacts[0]!.source).toBe('cashpractice');
  });

  it('maps billing methods to cards (archived → inactive, card updater date, bank → ach)', async () => {
    nock(base, bearer)
      .get('/v1/billing-methods')
      .query({ limit: '1000' })
      .reply(200, {
        data: [
          {
            id: 'bm_1',
            patient_id: 'pat_1',
            type: 'card',
            brand: 'Visa',
            last_four: '4242',
            exp_month: 2,
            exp_year: 2027,
            is_default: true,
            archived: false,
            updated_by_card_updater_at: '2026-01-15T08:00:00Z',
            updated_at: at,
          },
          {
            id: 'bm_2',
            patient_id: 'pat_1',
            type: 'bank',
            brand: null,
            last_four: '6789',
            exp_month: null,
            exp_year: null,
            is_default: false,
            archived: true,
            updated_by_card_updater_at: null,
            updated_at: at,
          },
        ],
        next_cursor: null,
      });
    const [page] = await collect(
      client().list('billingMethods', { updatedSince: null, limit: 1000 }),
    );
    const cards = page!.items.map((i) => toCard(i.wire, i.raw));
    expect(cards[0]).toMatchObject({
      upstreamId: 'bm_1',
      contactId: 'pat_1',
      method: 'cc',
      brand: 'Visa',
      lastFour: '4242',
      expMonth: 2,
      expYear: 2027,
      isDefault: true,
      active: true,
      accountUpdaterAt: '2026-01-15T08:00:00.000Z',
    });
    expect(cards[1]).toMatchObject({ method: 'ach', active: false, isDefault: false });
  });

  it('maps auto-debits to recurring plans (status, frequency, paid up, payments short)', async () => {
    const debit = (over: Record<string, unknown>) => ({
      id: 'sch_1',
      patient_id: 'pat_1',
      billing_method_id: 'bm_1',
      amount_cents: 9900,
      frequency: 'monthly',
      payments_total: null,
      payments_made: 7,
      start_date: '2025-08-01',
      next_payment_date: '2026-03-01',
      status: 'active',
      paid_up: true,
      payments_short: 0,
      care_plan_id: 'cp_1',
      group: 'Memberships',
      updated_at: at,
      ...over,
    });
    nock(base, bearer)
      .get('/v1/auto-debits')
      .query(true)
      .reply(200, {
        data: [
          debit({}),
          debit({
            id: 'sch_2',
            status: 'paused',
            frequency: 'biweekly',
            paid_up: false,
            payments_short: 2,
            payments_total: 12,
          }),
          debit({ id: 'sch_3', status: 'stopped', frequency: 'semimonthly' }),
          debit({
            id: 'sch_4',
            status: 'completed',
            frequency: 'weekly',
            payments_total: 4,
            payments_made: 4,
          }),
        ],
        next_cursor: null,
      });
    const [page] = await collect(client().list('autoDebits', { updatedSince: null, limit: 50 }));
    const plans = page!.items.map((i) => toRecurringPlan(i.wire, i.raw));
    expect(plans[0]).toMatchObject({
      status: 'active',
      planType: 'ongoing',
      intervalCount: 1,
      intervalUnit: 'month',
      paidUp: true,
      paymentsShort: 0,
      cardId: 'bm_1',
      carePlanRef: 'cp_1',
      groupName: 'Memberships',
      nextRunDate: '2026-03-01',
    });
    expect(plans[1]).toMatchObject({
      status: 'on_hold',
      planType: 'fixed',
      intervalCount: 2,
      intervalUnit: 'week',
      paidUp: false,
      paymentsShort: 2,
      paymentsTotal: 12,
    });
    expect(plans[2]).toMatchObject({ status: 'ended', intervalUnit: 'semimonth' });
    expect(plans[3]).toMatchObject({ status: 'completed', intervalUnit: 'week', paymentsMade: 4 });
  });

  it('maps transactions with statuses, decline code and description', async () => {
    const tx = (id: string, status: string, over: Record<string, unknown> = {}) => ({
      id,
      auto_debit_id: 'sch_1',
      patient_id: 'pat_1',
      processed_at: '2026-02-01T15:00:00Z',
      amount_cents: 9900,
      status,
      decline_code: null,
      description: null,
      updated_at: at,
      ...over,
    });
    nock(base, bearer)
      .get('/v1/transactions')
      .query(true)
      .reply(200, {
        data: [
          tx('o1', 'accepted'),
          tx('o2', 'declined', { decline_code: '05', description: 'Do not honor' }),
          tx('o3', 'void'),
          tx('o4', 'refund'),
          tx('o5', 'returned'),
          tx('o6', 'pending', { auto_debit_id: null }),
        ],
        next_cursor: null,
      });
    const [page] = await collect(client().list('transactions', { updatedSince: null, limit: 50 }));
    const txs = page!.items.map((i) => toTransaction(i.wire, i.raw));
    expect(txs.map((t) => t.status)).toEqual([
      'approved',
      'declined',
      'voided',
      'refunded',
      'returned',
      'pending',
    ]);
    expect(txs[1]).toMatchObject({ reasonCode: '05', reasonText: 'Do not honor', planId: 'sch_1' });
    expect(txs[3]!.kind).toBe('refund');
    expect(txs[5]!.planId).toBeNull();
  });

  it('lists care plans', async () => {
    nock(base, bearer)
      .get('/v1/care-plans')
      .query(true)
      .reply(200, {
        data: [
          {
            id: 'cp_1',
            patient_ids: ['pat_1', 'pat_2'],
            name: 'Wellness Monthly',
            type: 'Wellness',
            total_visits: null,
            plan_months: null,
            start_date: '2025-08-01',
            status: 'active',
            updated_at: at,
          },
        ],
        next_cursor: null,
      });
    const [page] = await collect(client().list('carePlans', { updatedSince: null, limit: 50 }));
    expect(page!.items[0]!.wire).toMatchObject({
      type: 'wellness',
      patient_ids: ['pat_1', 'pat_2'],
    });
  });

  it('turns 401 into exit 5 pointing at Integrated TPS Keys, without leaking the key', async () => {
    nock(base)
      .get('/v1/account')
      .reply(401, { error: { code: 'unauthorized', message: 'Invalid API key' } });
    const err = await client()
      .account()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    const auth = err as AuthError;
    expect(auth.exitCode).toBe(ExitCode.NotConnected);
    expect(auth.message).toContain('Invalid API key');
    expect(auth.hint).toContain('Integrated TPS Keys');
    expect(`${auth.message} ${auth.hint}`).not.toContain(key);
  });

  it('waits as long as Retry-After says on 429, then continues', async () => {
    const sleeps: number[] = [];
    nock(base, bearer)
      .get('/v1/patients')
      .query(true)
      .reply(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '3' })
      .get('/v1/patients')
      .query(true)
      .reply(200, { data: [], next_cursor: null });
    const pages = await collect(client(sleeps).list('patients', { updatedSince: null, limit: 10 }));
    expect(pages).toHaveLength(1);
    expect(sleeps).toEqual([3000]);
  });

  it('names the offending field of a malformed record', async () => {
    nock(base, bearer)
      .get('/v1/auto-debits')
      .query(true)
      .reply(200, {
        data: [
          {
            id: 'sch_1',
            patient_id: 'pat_1',
            billing_method_id: null,
            amount_cents: '99.00',
            frequency: 'monthly',
            payments_total: null,
            payments_made: 0,
            start_date: null,
            next_payment_date: null,
            status: 'active',
            paid_up: true,
            payments_short: 0,
            care_plan_id: null,
            group: null,
            updated_at: at,
          },
        ],
        next_cursor: null,
      });
    const err = await collect(client().list('autoDebits', { updatedSince: null, limit: 10 })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as MalformedResponseError).field).toBe('auto-debits.data[0].amount_cents');
    expect((err as MalformedResponseError).exitCode).toBe(ExitCode.Unavailable);
    expect((err as Error).message).toContain('Unexpected response from Cash Practice');
  });

  it('rejects a body without data, and an unknown status word, naming them', async () => {
    nock(base, bearer)
      .get('/v1/transactions')
      .query(true)
      .reply(200, { items: [] })
      .get('/v1/patients')
      .query(true)
      .reply(200, {
        data: [{ id: 'p', status: 'archived', updated_at: at }],
        next_cursor: null,
      });
    const a = await collect(client().list('transactions', { updatedSince: null, limit: 10 })).catch(
      (e: unknown) => e,
    );
    expect((a as MalformedResponseError).field).toBe('transactions.data');
    const b = await collect(client().list('patients', { updatedSince: null, limit: 10 })).catch(
      (e: unknown) => e,
    );
    expect((b as MalformedResponseError).field).toBe('patients.data[0].status');
  });

  it('creates a pay-now link idempotently by reference, retrying a 503', async () => {
    const sleeps: number[] = [];
    const body = {
      patient_id: 'pat_1',
      purpose: 'store_billing',
      message: 'Please update your card',
      reference: 'blast-7:pat_1',
    };
    nock(base, bearer)
      .post('/v1/pay-now-links', body)
      .reply(503)
      .post('/v1/pay-now-links', body)
      .reply(200, { id: 'pnl_1', url: 'https://pay.example/pnl_1', reference: 'blast-7:pat_1' });
    const link = await createPayNowLink(client(sleeps), {
      patientId: 'pat_1',
      purpose: 'store_billing',
      message: 'Please update your card',
      reference: 'blast-7:pat_1',
    });
    expect(link).toEqual({
      id: 'pnl_1',
      url: 'https://pay.example/pnl_1',
      reference: 'blast-7:pat_1',
    });
    expect(sleeps).toHaveLength(1);
  });
});
