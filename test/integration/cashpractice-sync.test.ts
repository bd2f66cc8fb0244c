import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/home/config.js';
import { CredentialStore } from '../../src/home/secrets.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { runSync } from '../../src/sync/run-sync.js';
import { createTestIo } from '../helpers/io.js';

const base = 'https://cp-sync.example.test';
const key = 'cp-sync-key-1234';
const now = '2026-03-10T14:00:00Z';

type Rec = Record<string, unknown>;

/** A tiny Cash Practice account, as wire records. */
function account(): Record<string, Rec[]> {
  const tx = (id: string, plan: string | null, day: string, status: string, code?: string) => ({
    id,
    auto_debit_id: plan,
    patient_id: plan === 'sch_2' ? 'pat_2' : 'pat_1',
    processed_at: `${day}T15:00:00Z`,
    amount_cents: 9900,
    status,
    decline_code: code ?? null,
    description: code ? 'Do not honor' : 'Monthly',
    updated_at: `${day}T15:00:00Z`,
  });
  return {
    patients: [
      {
        id: 'pat_1',
        tps_id: '1001',
        first_name: 'Ann',
        last_name: 'Lee',
        email: 'ann@example.com',
        mobile: null,
        status: 'active',
        updated_at: '2026-01-01T09:00:00Z',
      },
      {
        id: 'pat_2',
        tps_id: null,
        first_name: 'Bo',
        last_name: 'Kim',
        email: 'bo@example.com',
        mobile: null,
        status: 'active',
        updated_at: '2026-01-02T09:00:00Z',
      },
    ],
    'billing-methods': [
      {
        id: 'bm_0',
        patient_id: 'pat_1',
        type: 'card',
        brand: 'Visa',
        last_four: '1111',
        exp_month: 1,
        exp_year: 2025,
        is_default: false,
        archived: true,
        updated_by_card_updater_at: null,
        updated_at: '2026-01-03T09:00:00Z',
      },
      {
        id: 'bm_1',
        patient_id: 'pat_1',
        type: 'card',
        brand: 'Visa',
        last_four: '4242',
        exp_month: 4,
        exp_year: 2026,
        is_default: true,
        archived: false,
        updated_by_card_updater_at: null,
        updated_at: '2026-01-04T09:00:00Z',
      },
    ],
    'auto-debits': [
      {
        id: 'sch_1',
        patient_id: 'pat_1',
        billing_method_id: 'bm_1',
        amount_cents: 9900,
        frequency: 'monthly',
        payments_total: null,
        payments_made: 3,
        start_date: '2025-10-01',
        next_payment_date: '2026-04-01',
        status: 'active',
        paid_up: false,
        payments_short: 2,
        care_plan_id: 'cp_1',
        group: 'Memberships',
        updated_at: '2026-03-01T16:00:00Z',
      },
      {
        id: 'sch_2',
        patient_id: 'pat_2',
        billing_method_id: null,
        amount_cents: 9900,
        frequency: 'monthly',
        payments_total: 6,
        payments_made: 2,
        start_date: '2026-01-10',
        next_payment_date: '2026-03-10',
        status: 'active',
        paid_up: true,
        payments_short: 0,
        care_plan_id: 'cp_2',
        group: 'Care Plans',
        updated_at: '2026-02-20T16:00:00Z',
      },
    ],
    transactions: [
      tx('o1', 'sch_1', '2025-12-01', 'declined', '05'),
      tx('o2', 'sch_2', '2026-01-10', 'declined', '05'),
      tx('o3', 'sch_1', '2026-01-01', 'accepted'),
      tx('o4', 'sch_1', '2026-02-01', 'declined', '51'),
      tx('o5', 'sch_2', '2026-02-10', 'accepted'),
      tx('o6', 'sch_1', '2026-03-01', 'declined', '05'),
    ],
    'care-plans': [
      {
        id: 'cp_1',
        patient_ids: ['pat_1'],
        name: 'Wellness Monthly',
        type: 'wellness',
        total_visits: null,
        plan_months: null,
        start_date: '2025-10-01',
        status: 'active',
        updated_at: '2025-10-01T09:00:00Z',
      },
      {
        id: 'cp_2',
        patient_ids: ['pat_2'],
        name: 'Corrective 24',
        type: 'corrective',
        total_visits: 24,
        plan_months: 6,
        start_date: '2026-01-10',
        status: 'active',
        updated_at: '2026-01-10T09:00:00Z',
      },
    ],
  };
}

/** Serves every list in one page (or `perPage` at a time), answering `updated_since` like the contract. */
function serve(data: Record<string, Rec[]>, expectSince?: Record<string, string>) {
  const scope = nock(base, { reqheaders: { authorization: `Bearer ${key}` } });
  for (const [resource, records] of Object.entries(data)) {
    scope
      .get(`/v1/${resource}`)
      .query((q) => {
        if (expectSince?.[resource] !== undefined) return q.updated_since === expectSince[resource];
        return q.updated_since === undefined;
      })
      .reply(200, () => {
        const since = expectSince?.[resource];
        const rows = records.filter((r) => !since || String(r.updated_at) >= since.slice(0, 19));
        return { data: rows, next_cursor: null };
      });
  }
  return scope;
}

describe('Cash Practice sync into the cache', () => {
  let dir: string;
  let db: Db;
  let config: ConfigStore;

  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-sync-'));
    db = openDatabase(join(dir, 'cache.db'));
    config = new ConfigStore(join(dir, 'config.json'));
    config.set('cashpractice.base_url', base);
    config.set('memberships.rules', 'Wellness Monthly=4/month; Wellness Weekly=1/week');
    const at = '2026-01-01T00:00:00Z';
    db.prepare(
      `INSERT INTO patients (account, source, first_name, last_name, email, norm_email, created_at, updated_at)
       VALUES ('1001', 'ehr', 'Ann', 'Lee', 'ann@example.com', 'ann@example.com', ?, ?),
              ('1002', 'ehr', 'Bo', 'Kim', 'bo@example.com', 'bo@example.com', ?, ?)`,
    ).run(at, at, at, at);
  });
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function sync(full = false) {
    const { io } = createTestIo({ now, env: { TRACKSTAT_CASHPRACTICE_API_KEY: key } });
    const credentials = new CredentialStore(join(dir, 'credentials.json'), io.env, io.masker);
    return runSync({ source: 'cashpractice', full }, { db, io, config, credentials });
  }

  const all = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params);

  it('fills cards, plans, derived declines, care plans and links; a second sync changes nothing', async () => {
    serve(account());
    const first = await sync();
    expect(first.exitCode).toBe(0);
    expect(first.resources.map((r) => [r.resource, r.inserted])).toEqual([
      ['patients', 2],
      ['billing-methods', 2],
      ['auto-debits', 2],
      ['transactions', 6],
      ['care-plans', 2],
    ]);

    // bm_1 is charged by the running auto-debit sch_1.
    expect(
      all(`SELECT upstream_id, active, is_default, has_recurring FROM cards ORDER BY upstream_id`),
    ).toEqual([
      { upstream_id: 'bm_0', active: 0, is_default: 0, has_recurring: 0 },
      { upstream_id: 'bm_1', active: 1, is_default: 1, has_recurring: 1 },
    ]);
    expect(
      all(
        `SELECT upstream_id, status, paid_up, payments_short, plan_type FROM recurring_plans ORDER BY upstream_id`,
      ),
    ).toEqual([
      {
        upstream_id: 'sch_1',
        status: 'active',
        paid_up: 0,
        payments_short: 2,
        plan_type: 'ongoing',
      },
      { upstream_id: 'sch_2', status: 'active', paid_up: 1, payments_short: 0, plan_type: 'fixed' },
    ]);
    // Plans are named after the care plan they pay for (the group stays in group_name).
    expect(
      all(`SELECT upstream_id, description, group_name FROM recurring_plans ORDER BY upstream_id`),
    ).toEqual([
      { upstream_id: 'sch_1', description: 'Wellness Monthly', group_name: 'Memberships' },
      { upstream_id: 'sch_2', description: 'Corrective 24', group_name: 'Care Plans' },
    ]);
    // Short by 2: the two latest declines of sch_1 are unpaid; sch_2 is paid up, so cured.
    expect(
      all(
        `SELECT upstream_id, plan_id, status, reason_code FROM declined_payments WHERE removed = 0 ORDER BY upstream_id`,
      ),
    ).toEqual([
      { upstream_id: 'o1', plan_id: 'sch_1', status: 'paid', reason_code: '05' },
      { upstream_id: 'o2', plan_id: 'sch_2', status: 'paid', reason_code: '05' },
      { upstream_id: 'o4', plan_id: 'sch_1', status: 'unpaid', reason_code: '51' },
      { upstream_id: 'o6', plan_id: 'sch_1', status: 'unpaid', reason_code: '05' },
    ]);
    expect(
      all(
        `SELECT upstream_id, contact_id, kind, total_visits, visits_allowed, period, end_date, processor_plan_id, care_status
         FROM care_plans ORDER BY upstream_id`,
      ),
    ).toEqual([
      {
        upstream_id: 'cp_1:pat_1',
        contact_id: 'pat_1',
        kind: 'membership',
        total_visits: null,
        visits_allowed: 4,
        period: 'month',
        end_date: null,
        processor_plan_id: 'sch_1',
        care_status: 'maintenance',
      },
      {
        upstream_id: 'cp_2:pat_2',
        contact_id: 'pat_2',
        kind: 'treatment',
        total_visits: 24,
        visits_allowed: null,
        period: null,
        end_date: '2026-07-09',
        processor_plan_id: 'sch_2',
        care_status: 'corrective',
      },
    ]);
    expect(
      all(
        `SELECT l.upstream_id, p.account, l.method FROM patient_links l JOIN patients p ON p.id = l.patient_id
         WHERE l.source = 'cashpractice' ORDER BY l.upstream_id`,
      ),
    ).toEqual([
      { upstream_id: 'pat_1', account: '1001', method: 'exact' },
      { upstream_id: 'pat_2', account: '1002', method: 'email' },
    ]);

    // Incremental: one request per resource from checkpoint − overlap (300 s), nothing changes.
    serve(account(), {
      patients: '2026-01-02T08:55:00.000Z',
      'billing-methods': '2026-01-04T08:55:00.000Z',
      'auto-debits': '2026-03-01T15:55:00.000Z',
      transactions: '2026-03-01T14:55:00.000Z',
      'care-plans': '2026-01-10T08:55:00.000Z',
    });
    const second = await sync();
    expect(second.exitCode).toBe(0);
    expect(second.resources.every((r) => r.inserted === 0 && r.updated === 0)).toBe(true);
    expect(second.resources.every((r) => r.pages === 1)).toBe(true);
  });

  it('cures declines once the auto-debit is paid up, and drops a patient who left a care plan', async () => {
    serve(account());
    await sync();
    const changed = account();
    changed['auto-debits']![0] = {
      ...changed['auto-debits']![0],
      paid_up: true,
      payments_short: 0,
      updated_at: '2026-03-05T10:00:00Z',
    };
    changed['care-plans']![1] = {
      ...changed['care-plans']![1],
      patient_ids: [],
      updated_at: '2026-03-05T10:00:00Z',
    };
    serve(changed, {
      patients: '2026-01-02T08:55:00.000Z',
      'billing-methods': '2026-01-04T08:55:00.000Z',
      'auto-debits': '2026-03-01T15:55:00.000Z',
      transactions: '2026-03-01T14:55:00.000Z',
      'care-plans': '2026-01-10T08:55:00.000Z',
    });
    const report = await sync();
    expect(report.resources.find((r) => r.resource === 'auto-debits')!.updated).toBe(1);
    expect(all(`SELECT DISTINCT status FROM declined_payments WHERE plan_id = 'sch_1'`)).toEqual([
      { status: 'paid' },
    ]);
    expect(all(`SELECT removed FROM care_plans WHERE upstream_id = 'cp_2:pat_2'`)).toEqual([
      { removed: 1 },
    ]);
  });

  it('without paid_up, a decline stays unpaid until a later accepted payment of the auto-debit', async () => {
    const unknown = account();
    unknown['auto-debits']![0] = {
      ...unknown['auto-debits']![0],
      paid_up: null,
      payments_short: null,
    };
    serve(unknown);
    await sync();
    const statuses = () =>
      all(
        `SELECT upstream_id, status FROM declined_payments WHERE plan_id = 'sch_1' ORDER BY upstream_id`,
      );
    expect(statuses()).toEqual([
      { upstream_id: 'o1', status: 'paid' },
      { upstream_id: 'o4', status: 'unpaid' },
      { upstream_id: 'o6', status: 'unpaid' },
    ]);
    // A payment on March 5 cures them; only the transactions list changes.
    const paid = structuredClone(unknown);
    paid.transactions!.push({
      id: 'o7',
      auto_debit_id: 'sch_1',
      patient_id: 'pat_1',
      processed_at: '2026-03-05T15:00:00Z',
      amount_cents: 19800,
      status: 'accepted',
      decline_code: null,
      description: 'Manual payment',
      updated_at: '2026-03-05T15:00:00Z',
    });
    serve(paid, {
      patients: '2026-01-02T08:55:00.000Z',
      'billing-methods': '2026-01-04T08:55:00.000Z',
      'auto-debits': '2026-03-01T15:55:00.000Z',
      transactions: '2026-03-01T14:55:00.000Z',
      'care-plans': '2026-01-10T08:55:00.000Z',
    });
    await sync();
    expect(statuses().map((r) => (r as { status: string }).status)).toEqual([
      'paid',
      'paid',
      'paid',
    ]);
  });

  it('warns about memberships whose visits allowance nobody supplies', async () => {
    config.unset('memberships.rules');
    serve(account());
    const t = createTestIo({ now, env: { TRACKSTAT_CASHPRACTICE_API_KEY: key } });
    const credentials = new CredentialStore(join(dir, 'credentials.json'), t.io.env, t.io.masker);
    await runSync({ source: 'cashpractice', full: false }, { db, io: t.io, config, credentials });
    expect(t.stderr()).toContain('memberships without a visits allowance: Wellness Monthly');
    expect(t.stderr()).toContain('memberships.rules "Wellness Monthly=4/month"');
    expect(
      all(`SELECT kind, visits_allowed FROM care_plans WHERE upstream_id = 'cp_1:pat_1'`),
    ).toEqual([{ kind: 'membership', visits_allowed: null }]);
  });

  it('--full marks records that vanished upstream as removed, care plans included', async () => {
    serve(account());
    await sync();
    const gone = account();
    gone['care-plans'] = gone['care-plans']!.slice(0, 1);
    gone['billing-methods'] = gone['billing-methods']!.slice(1);
    serve(gone);
    const report = await sync(true);
    expect(report.exitCode).toBe(0);
    expect(all(`SELECT upstream_id FROM care_plans WHERE removed = 1`)).toEqual([
      { upstream_id: 'cp_2:pat_2' },
    ]);
    expect(all(`SELECT upstream_id FROM cards WHERE removed = 1`)).toEqual([
      { upstream_id: 'bm_0' },
    ]);
  });

  it('keeps the checkpoint of the last written page when a later page fails, and resumes there', async () => {
    const data = account();
    const scope = nock(base);
    scope
      .get('/v1/patients')
      .query({ limit: '1' })
      .reply(200, { data: [data.patients![0]], next_cursor: 'p2' })
      .get('/v1/patients')
      .query({ limit: '1', cursor: 'p2' })
      .reply(400, { error: { code: 'invalid_cursor', message: 'cursor is not valid' } });
    config.set('sync.page_size', '1');
    const { io } = createTestIo({ now, env: { TRACKSTAT_CASHPRACTICE_API_KEY: key } });
    const credentials = new CredentialStore(join(dir, 'credentials.json'), io.env, io.masker);
    const report = await runSync(
      { source: 'cashpractice', full: false, resource: 'patients' },
      { db, io, config, credentials },
    );
    expect(report.exitCode).not.toBe(0);
    expect(all(`SELECT upstream_id FROM processor_contacts`)).toEqual([{ upstream_id: 'pat_1' }]);
    expect(all(`SELECT high_water, cursor FROM sync_state WHERE resource = 'patients'`)).toEqual([
      { high_water: '2026-01-01T09:00:00.000Z', cursor: 'p2' },
    ]);

    scope
      .get('/v1/patients')
      .query({ limit: '1', updated_since: '2026-01-01T08:55:00.000Z' })
      .reply(200, { data: [data.patients![0]], next_cursor: 'p2b' })
      .get('/v1/patients')
      .query({ limit: '1', updated_since: '2026-01-01T08:55:00.000Z', cursor: 'p2b' })
      .reply(200, { data: [data.patients![1]], next_cursor: null });
    const resumed = await runSync(
      { source: 'cashpractice', full: false, resource: 'patients' },
      { db, io, config, credentials },
    );
    expect(resumed.exitCode).toBe(0);
    expect(all(`SELECT upstream_id FROM processor_contacts ORDER BY 1`)).toHaveLength(2);
    expect(all(`SELECT high_water, cursor FROM sync_state WHERE resource = 'patients'`)).toEqual([
      { high_water: '2026-01-02T09:00:00.000Z', cursor: null },
    ]);
  });

  it('exits 5 with the Integrated TPS Keys hint when the key is rejected, skipping the other resources', async () => {
    nock(base)
      .get('/v1/patients')
      .query(true)
      .reply(401, {
        error: { code: 'unauthorized', message: 'The API key is missing or not valid.' },
      });
    const report = await sync();
    expect(report.exitCode).toBe(5);
    expect(report.resources.map((r) => r.status)).toEqual([
      'failed',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });
});
