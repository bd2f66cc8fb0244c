import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  huddleCacheFresh,
  readHuddleCache,
  refreshHuddleCache,
} from '../../src/reports/huddle-cache.js';
import type { ReportCliOptions } from '../../src/reports/request.js';
import type { Db } from '../../src/store/db.js';
import { NOW } from '../fixtures/practice/practice.js';
import { practiceDb, runPracticeReport } from './report-helpers.js';

// The huddle cache (migration 9) is derived data: whatever it holds, `report appointments` must say
// exactly what the tables say, and any write to what it is derived from must stop it being read.

const everyColumn =
  'date,time,patient,account,provider,type,status,card,card_status,plan,membership,paywall,insurance,patient_balance,insurance_balance,flags,appointment_id,location,duration,mobile,plan_status,amount_behind,last_decline,copay,next_visit';

let db: Db;
beforeAll(() => {
  db = practiceDb();
});
afterAll(() => db.close());

const fresh = (): boolean => huddleCacheFresh(db);
const rebuild = (): number | null => refreshHuddleCache(db, new Date(NOW));

async function report(opts: ReportCliOptions): Promise<string> {
  return (await runPracticeReport(db, 'appointments', opts, { columns: everyColumn })).stdout;
}

describe('the huddle cache', () => {
  it('starts stale, is rebuilt with one row per patient, and a second rebuild does nothing', () => {
    expect(fresh()).toBe(false);
    const patients = db.prepare('SELECT count(*) FROM patients').pluck().get();
    expect(rebuild()).toBe(patients);
    expect(fresh()).toBe(true);
    expect(db.prepare('SELECT count(*) FROM huddle_cache').pluck().get()).toBe(patients);
    expect(rebuild()).toBeNull();
  });

  it('gives the very report the tables give, every column, dates from August to December, all statuses', async () => {
    // The cached visits reach back to 62 days before the rebuild (2026-09-19): dates and
    // membership periods before that are counted in the appointments index instead.
    const ranges = [
      { from: '2026-11-13', to: '2026-11-27', allStatuses: true },
      { today: true },
      { date: '2026-11-23' },
      { from: '2026-08-01', to: '2026-10-31', allStatuses: true },
    ];
    rebuild();
    const cached = [];
    for (const r of ranges) cached.push(await report(r));
    db.prepare('UPDATE huddle_cache_state SET fresh = 0').run();
    const live = [];
    for (const r of ranges) live.push(await report(r));
    expect(cached).toEqual(live);
    expect((JSON.parse(live[1] as string) as unknown[]).length).toBe(11);
    expect((JSON.parse(live[3] as string) as unknown[]).length).toBeGreaterThan(3);
    for (const key of ['next_visit', 'last_decline', 'membership', 'copay_cents'])
      expect(live[1]).toContain(`"${key}"`);
  });

  it('is what the report reads while fresh (a doctored row shows), and never once stale', async () => {
    rebuild();
    const row = db.prepare('SELECT facts FROM huddle_cache WHERE patient_id = 1').pluck().get();
    const doctored = JSON.parse(row as string) as { patient: { lastName: string } };
    doctored.patient.lastName = 'FromTheCache';
    db.prepare('UPDATE huddle_cache SET facts = ? WHERE patient_id = 1').run(
      JSON.stringify(doctored),
    );
    expect(await report({ today: true })).toContain('Alice FromTheCache');
    db.prepare('UPDATE huddle_cache_state SET fresh = 0').run();
    const live = await report({ today: true });
    expect(live).not.toContain('FromTheCache');
    expect(live).toContain('Alice Able');
  });

  it('counts visits from its own copy while fresh (a doctored visit list shows)', async () => {
    rebuild();
    const before = await report({ today: true });
    expect(db.prepare("UPDATE huddle_cache SET visits = ''").run().changes).toBeGreaterThan(0);
    const doctored = await report({ today: true });
    expect(doctored).not.toBe(before);
    db.prepare('UPDATE huddle_cache_state SET fresh = 0').run();
    expect(await report({ today: true })).toBe(before);
  });

  it('is not read when a row is damaged: the report reads the tables instead of failing', async () => {
    rebuild();
    const live = await report({ today: true });
    db.prepare("UPDATE huddle_cache SET facts = '{broken' WHERE patient_id = 1").run();
    expect(await report({ today: true })).toBe(live);
    db.prepare('UPDATE huddle_cache_state SET fresh = 0').run();
    rebuild();
    expect(readHuddleCache(db, [1, 2])).toBeDefined();
    db.prepare("UPDATE huddle_cache SET visits = 'garbage' WHERE patient_id = 2").run();
    expect(readHuddleCache(db, [1, 2])).toBeUndefined();
    expect(await report({ today: true })).toBe(live);
  });

  it.each([
    [
      'a card changes',
      'UPDATE cards SET exp_year = exp_year + 1 WHERE rowid = (SELECT min(rowid) FROM cards)',
    ],
    [
      'a balance is imported',
      'UPDATE balances SET patient_balance_cents = 12345 WHERE patient_id = 1',
    ],
    ['a policy goes', 'DELETE FROM insurance WHERE rowid = (SELECT min(rowid) FROM insurance)'],
    ['a patient is renamed', "UPDATE patients SET last_name = 'Renamed' WHERE id = 2"],
    [
      'a plan changes status',
      "UPDATE recurring_plans SET status = 'on_hold' WHERE rowid = (SELECT min(rowid) FROM recurring_plans)",
    ],
    [
      'a decline is paid',
      "UPDATE declined_payments SET status = 'paid' WHERE rowid = (SELECT min(rowid) FROM declined_payments)",
    ],
    [
      'a care plan ends',
      "UPDATE care_plans SET end_date = '2026-01-01' WHERE rowid = (SELECT min(rowid) FROM care_plans)",
    ],
    [
      'a contact is unlinked',
      'DELETE FROM patient_links WHERE rowid = (SELECT min(rowid) FROM patient_links)',
    ],
  ])('goes stale when %s, and the report shows the change', async (_what, sql) => {
    rebuild();
    const before = await report({ from: '2026-11-13', to: '2026-11-27', allStatuses: true });
    expect(db.prepare(sql).run().changes).toBe(1);
    expect(fresh()).toBe(false);
    expect(readHuddleCache(db, [1, 2, 3])).toBeUndefined();
    const live = await report({ from: '2026-11-13', to: '2026-11-27', allStatuses: true });
    rebuild();
    expect(await report({ from: '2026-11-13', to: '2026-11-27', allStatuses: true })).toBe(live);
    // (Not every change shows in the list, e.g. an unlinked contact without cards; most do.)
    if (_what === 'a balance is imported') expect(live).not.toBe(before);
  });

  it("stays fresh when a sync only moves processor records' seen_at", () => {
    rebuild();
    db.prepare("UPDATE cards SET seen_at = '2026-11-20T12:00:00Z'").run();
    db.prepare("UPDATE recurring_plans SET seen_at = '2026-11-20T12:00:00Z'").run();
    db.prepare("UPDATE declined_payments SET seen_at = '2026-11-20T12:00:00Z'").run();
    expect(fresh()).toBe(true);
  });

  it('goes stale when a visit changes status, moves or is removed, and counts it again', async () => {
    for (const sql of [
      "UPDATE appointments SET status = 'missed' WHERE id = 'ap-1'",
      "UPDATE appointments SET local_date = '2026-12-02' WHERE id = 'ap-2'",
      "UPDATE appointments SET removed = 1 WHERE id = 'ap-3'",
    ]) {
      rebuild();
      db.prepare(sql).run();
      expect(fresh()).toBe(false);
      const live = await report({ from: '2026-11-13', to: '2026-12-05', allStatuses: true });
      rebuild();
      expect(await report({ from: '2026-11-13', to: '2026-12-05', allStatuses: true })).toBe(live);
    }
  });
});
