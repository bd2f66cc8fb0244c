import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { jsonRows, practiceDb, runPracticeReport } from './report-helpers.js';

let db: Db;
beforeAll(() => {
  db = practiceDb();
});
afterAll(() => db.close());

const pick = (rows: Array<Record<string, unknown>>, ...keys: string[]) =>
  rows.map((r) => keys.map((k) => r[k]));

describe('report patients (as of 2026-11-20)', () => {
  it('derives card, plan, membership and visits for every patient', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'patients'));
    expect(
      pick(
        rows,
        'account',
        'card_status',
        'plan_status',
        'amount_behind_cents',
        'used_allowed',
        'last_visit',
        'next_visit',
      ),
    ).toEqual([
      ['A001', 'ok', 'current', 0, '0 of 2', '2026-11-09', '2026-11-20'],
      ['A002', 'none', null, 0, null, null, '2026-11-20'],
      ['A003', 'expired', null, 0, null, '2026-08-14', '2026-11-20'],
      ['A004', 'expiring', null, 0, null, null, '2026-11-20'],
      ['A005', 'ok', 'behind', 12000, null, '2026-11-02', '2026-11-20'],
      ['A006', 'ok', 'behind', 17000, null, null, '2026-11-20'],
      ['A007', 'ok', 'current', 0, '4 of 4', '2026-11-16', '2026-11-20'],
      ['A008', 'ok', null, 0, null, '2026-11-20', null],
      ['A009', 'ok', null, 0, null, null, '2026-11-20'],
      ['A010', 'ok', null, 0, null, null, '2026-11-20'],
      ['A011', 'ok', 'current', 0, '1 of 2', '2026-11-03', '2026-11-20'],
      ['A012', 'none', null, 0, null, null, null],
    ]);
  });

  it('filters', async () => {
    const accounts = async (opts: object) =>
      jsonRows(await runPracticeReport(db, 'patients', opts)).map((r) => r.account);
    expect(await accounts({ card: ['none'] })).toEqual(['A002', 'A012']);
    expect(await accounts({ card: ['expired,expiring'] })).toEqual(['A003', 'A004']);
    expect(await accounts({ behind: true })).toEqual(['A005', 'A006']);
    expect(await accounts({ nextVisit: false })).toEqual(['A008', 'A012']);
    expect(await accounts({ overLimit: true })).toEqual(['A007']);
    expect(await accounts({ active: true })).toHaveLength(11);
    expect(await accounts({ tag: ['VIP'] })).toEqual(['A010', 'A012']);
    expect(await accounts({ search: 'chen' })).toEqual(['A003']);
    expect(await accounts({ location: ['north'] })).toEqual(['A003']);
  });

  it('CSV reads back with the same row count and no formula cells', async () => {
    const run = await runPracticeReport(db, 'patients', {}, { format: 'csv', bom: true });
    expect(run.stdout.startsWith('\ufeff')).toBe(true);
    const records = parse(run.stdout, { bom: true }) as string[][];
    expect(records).toHaveLength(13);
    expect(records[0]?.[0]).toBe('patient');
    for (const cell of records.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const lopez = records.find((r) => r[1] === 'A012');
    expect(lopez?.[0]).toBe(`'=HYPERLINK("x") Lopez`);
    expect(lopez?.[3]).toBe(`'@lopez`);
    // Money as plain decimals.
    expect(records.find((r) => r[1] === 'A010')?.[14]).toBe('250.00');
  });

  it('JSON is an array of objects with *_cents money keys', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'patients', { search: 'jones' }));
    expect(rows).toEqual([
      expect.objectContaining({
        patient: 'Jack Jones',
        patient_balance_cents: 25000,
        insurance_balance_cents: 4000,
        tags: ['vip', 'new'],
      }),
    ]);
  });

  it('CSV joins tags with ";" as the import writes them, so "Personal Injury" stays one tag', async () => {
    const tagged = practiceDb();
    tagged.prepare(`UPDATE patients SET tags = 'vip;Personal Injury' WHERE account = 'A010'`).run();
    const run = await runPracticeReport(
      tagged,
      'patients',
      { search: 'A010' },
      { format: 'csv', columns: 'account,tags' },
    );
    expect(parse(run.stdout)).toEqual([
      ['account', 'tags'],
      ['A010', 'vip;Personal Injury'],
    ]);
  });
});

describe('report plans', () => {
  it('lists recurring plans and unpaid-for treatment plans with visit counts', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'plans'));
    expect(
      pick(
        rows,
        'patient',
        'plan',
        'kind',
        'amount_cents',
        'status',
        'payments',
        'amount_behind_cents',
        'last_decline',
        'card_status',
        'remaining',
        'scheduled',
        'unscheduled',
      ),
    ).toEqual([
      [
        'Alice Able',
        'Wellness monthly',
        'membership',
        10000,
        'current',
        '10 of ∞',
        0,
        null,
        'ok',
        null,
        null,
        null,
      ],
      ['Carol Chen', 'Acute 6', 'treatment', null, null, null, null, null, 'expired', 0, 0, 0],
      [
        'Eve Evans',
        'Corrective care',
        'treatment',
        12000,
        'behind',
        '2 of 6',
        12000,
        '2026-11-01 Insufficient funds',
        'ok',
        20,
        2,
        18,
      ],
      [
        'Frank Fox',
        'Care plan',
        'payment',
        8500,
        'behind',
        '4 of 10',
        17000,
        null,
        'ok',
        null,
        null,
        null,
      ],
      [
        'Grace Green',
        'Wellness membership',
        'membership',
        5900,
        'current',
        '8 of ∞',
        0,
        null,
        'ok',
        null,
        null,
        null,
      ],
      ['Hank Hill', 'Corrective 12', 'treatment', null, null, null, null, null, 'ok', 5, 0, 5],
      [
        'Kim Kent',
        'Maintenance',
        'membership',
        4500,
        'current',
        '3 of ∞',
        0,
        null,
        'ok',
        null,
        null,
        null,
      ],
    ]);
  });

  it('--behind lists only plans behind, most owed first, and the table sums them', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'plans', { behind: true }));
    expect(pick(rows, 'patient', 'amount_behind_cents')).toEqual([
      ['Frank Fox', 17000],
      ['Eve Evans', 12000],
    ]);
    const table = await runPracticeReport(db, 'plans', {}, { format: 'table' });
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe('7 plans · 2 behind · behind 290.00');
  });
});

describe('report memberships', () => {
  it('counts use in the current period and flags', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'memberships'));
    expect(
      pick(
        rows,
        'patient',
        'allowed',
        'used',
        'scheduled',
        'over_by',
        'flags',
        'next_visit',
        'plan_status',
      ),
    ).toEqual([
      ['Alice Able', 2, 0, 1, 0, ['under_used'], '2026-11-20', 'current'],
      ['Grace Green', 4, 4, 2, 2, ['over_limit'], '2026-11-20', 'current'],
      ['Kim Kent', 2, 1, 1, 0, ['not_scheduled'], '2026-11-20', 'current'],
    ]);
    const only = async (opts: object) =>
      jsonRows(await runPracticeReport(db, 'memberships', opts)).map((r) => r.patient);
    expect(await only({ overLimit: true })).toEqual(['Grace Green']);
    expect(await only({ notScheduled: true })).toEqual(['Kim Kent']);
    expect(await only({ underUsed: true })).toEqual(['Alice Able']);
  });
});

describe('report memberships with memberships.period_anchor = billing', () => {
  it('counts in the period that starts on a billing date of the linked plan', async () => {
    const rows = jsonRows(
      await runPracticeReport(
        db,
        'memberships',
        {},
        {
          periodAnchor: 'billing',
          columns: 'patient,period_start,period_end,used,scheduled,over_by,flags',
        },
      ),
    );
    // Alice: weekly from Thu 2026-01-15 → Thu 11-19..Wed 11-25; only today's visit falls in it.
    // Grace: monthly from 03-10 → 11-10..12-09: 11-10 and 11-16 used, today and 11-26 booked = 4/4.
    // Kim: monthly from 08-01 → the calendar month.
    expect(
      pick(rows, 'patient', 'period_start', 'period_end', 'used', 'scheduled', 'over_by', 'flags'),
    ).toEqual([
      ['Alice Able', '2026-11-19', '2026-11-25', 0, 1, 0, []],
      ['Grace Green', '2026-11-10', '2026-12-09', 2, 2, 0, []],
      ['Kim Kent', '2026-11-01', '2026-11-30', 1, 1, 0, ['not_scheduled']],
    ]);
  });
});

describe('report weekly', () => {
  it('paces treatment plans over five weeks; completed plans only on request', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'weekly'));
    const weeks = ['week_minus_4', 'week_minus_3', 'week_minus_2', 'week_minus_1', 'this_week'];
    expect(
      pick(
        rows,
        'patient',
        'first_visit',
        'total',
        'remaining',
        'scheduled',
        'unscheduled',
        ...weeks,
      ),
    ).toEqual([
      ['Eve Evans', '2026-09-07', 24, 20, 2, 18, 'red', 'red', 'yellow', 'red', 'yellow'],
      ['Hank Hill', '2026-10-05', 12, 5, 0, 5, 'green', 'red', 'yellow', 'yellow', 'yellow'],
    ]);
    const all = jsonRows(await runPracticeReport(db, 'weekly', { includeCompleted: true }));
    expect(all.map((r) => r.patient)).toEqual(['Carol Chen', 'Eve Evans', 'Hank Hill']);
    const acute = jsonRows(
      await runPracticeReport(db, 'weekly', { includeCompleted: true, careStatus: ['acute'] }),
    );
    expect(acute.map((r) => r.patient)).toEqual(['Carol Chen']);
  });

  it('shows visit counts in a table and colour words in CSV', async () => {
    const csv = await runPracticeReport(
      db,
      'weekly',
      {},
      { format: 'csv', columns: 'patient,this_week,this_week_visits' },
    );
    expect(csv.stdout).toBe(
      'patient,this_week,this_week_visits\r\nEve Evans,yellow,1\r\nHank Hill,yellow,1\r\n',
    );
    const table = await runPracticeReport(
      db,
      'weekly',
      {},
      { format: 'table', columns: 'patient,week_minus_4' },
    );
    expect(table.stdout).toMatch(/Hank Hill +2/);
  });
});

describe('report cards', () => {
  it('lists every card with its status, and patients with none', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'cards'));
    expect(pick(rows, 'account', 'source', 'last_four', 'status', 'in_use')).toEqual([
      ['A001', 'fortis', '4242', 'ok', true],
      ['A002', null, null, 'none', null],
      ['A003', 'fortis', '5454', 'expired', true],
      ['A004', 'fortis', '4444', 'expiring', true],
      ['A005', 'fortis', '5555', 'ok', true],
      ['A006', 'cashpractice', '1111', 'ok', true],
      ['A007', 'fortis', '0005', 'ok', true],
      ['A008', 'fortis', '6011', 'ok', true],
      ['A009', 'fortis', '9999', 'ok', true],
      ['A010', 'fortis', '1010', 'ok', true],
      ['A011', 'cashpractice', '3434', 'ok', true],
      ['A011', 'fortis', '1212', 'expired', false],
      ['A012', null, null, 'none', null],
    ]);
    expect(rows[6]).toMatchObject({
      updated_how: 'account_updater',
      updated_at: '2026-11-05T08:00:00Z',
    });
    const expired = jsonRows(await runPracticeReport(db, 'cards', { status: ['expired'] }));
    expect(pick(expired, 'account', 'last_four')).toEqual([
      ['A003', '5454'],
      ['A011', '1212'],
    ]);
  });

  it('spells each brand one way whatever code the processor sent (mc, disc → Mastercard, Discover)', async () => {
    const coded = practiceDb();
    coded.prepare(`UPDATE cards SET brand = 'mc' WHERE upstream_id = 'tok-3'`).run();
    coded.prepare(`UPDATE cards SET brand = 'disc' WHERE upstream_id = 'tok-8'`).run();
    const rows = jsonRows(await runPracticeReport(coded, 'cards'));
    expect(pick(rows, 'account', 'brand').filter(([a]) => a === 'A003' || a === 'A008')).toEqual([
      ['A003', 'Mastercard'],
      ['A008', 'Discover'],
    ]);
  });
});

describe('a plan described by both the EHR plans file and Cash Practice', () => {
  it('is counted once (same processor plan id)', async () => {
    const both = practiceDb();
    const at = '2026-11-01T00:00:00Z';
    both
      .prepare(
        `INSERT INTO patient_links (source, upstream_id, patient_id, method, linked_at) VALUES ('cashpractice', 'cp-7', 7, 'exact', ?)`,
      )
      .run(at);
    both
      .prepare(
        `INSERT INTO care_plans (source, upstream_id, contact_id, kind, name, visits_allowed, period, start_date, processor_plan_id, seen_at)
         VALUES ('cashpractice', 'cpp-7', 'cp-7', 'membership', 'Wellness (CP)', 4, 'month', '2026-03-10', 'r-7', ?)`,
      )
      .run(at);
    const rows = jsonRows(await runPracticeReport(both, 'memberships'));
    expect(rows.filter((r) => r.patient === 'Grace Green')).toHaveLength(1);
  });

  it('is counted once when no processor plan bills it (same kind, name and start date)', async () => {
    const both = practiceDb();
    const at = '2026-11-01T00:00:00Z';
    // Hank's EHR plan "Corrective 12" names no processor plan; Cash Practice lists it as well.
    both
      .prepare(
        `INSERT INTO patient_links (source, upstream_id, patient_id, method, linked_at) VALUES ('cashpractice', 'cp-8', 8, 'exact', ?)`,
      )
      .run(at);
    both
      .prepare(
        `INSERT INTO care_plans (source, upstream_id, contact_id, kind, name, total_visits, start_date, seen_at)
         VALUES ('cashpractice', 'cpl-8:cp-8', 'cp-8', 'treatment', 'Corrective 12', 12, '2026-10-01', ?)`,
      )
      .run(at);
    for (const report of ['plans', 'weekly'] as const) {
      const rows = jsonRows(await runPracticeReport(both, report));
      expect(
        rows.filter((r) => r.plan === 'Corrective 12'),
        report,
      ).toHaveLength(1);
    }
  });
});

describe('a report on a profile with nothing imported or synced yet', () => {
  it('prints the empty table without hiding columns, and says how to fill the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trackstat-empty-'));
    const empty = openDatabase(join(dir, 'cache.db'));
    const run = await runPracticeReport(empty, 'appointments', {}, { format: 'table', tty: true });
    expect(run.rows).toBe(0);
    expect(run.stderr).not.toContain('Hidden to fit');
    expect(run.stderr).toContain('no patients yet');
    expect(run.stderr).toContain('trackstat import --dir');
  });

  it('does not give that hint when the practice has patients but no rows match', async () => {
    const run = await runPracticeReport(db, 'appointments', { date: '2030-01-01' });
    expect(run.rows).toBe(0);
    expect(run.stderr).not.toContain('no patients yet');
  });
});

describe('a report on EHR files alone (no processor synced yet)', () => {
  it('says on stderr that cards and plans are unknown until a sync, and not once one has run', async () => {
    const withProcessor = await runPracticeReport(db, 'appointments');
    expect(withProcessor.stderr).not.toContain('No processor has been synced');
    const ehrOnly = practiceDb();
    ehrOnly.prepare('DELETE FROM patient_links').run();
    const before = await runPracticeReport(ehrOnly, 'appointments');
    expect(before.rows).toBeGreaterThan(0);
    expect(before.stderr).toContain('No processor has been synced');
  });
});

describe('a patient known only by the account (created from an appointment row)', () => {
  it('is shown as "(account N)", not the cache row id', async () => {
    const bare = practiceDb();
    bare
      .prepare(`UPDATE patients SET first_name = NULL, last_name = NULL WHERE account = 'A010'`)
      .run();
    const rows = jsonRows(await runPracticeReport(bare, 'patients', { search: 'A010' }));
    expect(rows.map((r) => r.patient)).toEqual(['(account A010)']);
  });
});
