// The huddle list's own loader (src/reports/huddle-facts.ts): its SQL aggregates at their edges.
// Every expectation is read off the rows written here or in the fixture practice's comments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHuddleFacts, type HuddleFacts } from '../../src/reports/huddle-facts.js';
import type { Db } from '../../src/store/db.js';
import { TODAY } from '../fixtures/practice/practice.js';
import { practiceDb } from './report-helpers.js';

const at = '2026-11-19T12:00:00Z';
let db: Db;

/** [id, patient, local date, status, removed] */
type Appt = [string, number, string, string, number?];

beforeAll(() => {
  db = practiceDb();
  const patient = db.prepare(
    `INSERT INTO patients (id, account, source, source_id, first_name, last_name, created_at, updated_at)
     VALUES (?, ?, 'ehr', ?, ?, 'Edge', ?, ?)`,
  );
  for (const [id, first] of [
    [20, 'Cancelled'], // after today: only cancelled, rescheduled, missed and checked-in visits
    [21, 'Removed'], // a removed future visit before the real next one
    [22, 'Nobody'], // no appointment at all
    [23, 'Today'], // a future visit today and nothing after but a removed one
    [24, 'Stale'], // a "future" visit left before today
    [25, 'Member'], // a monthly membership from 01-10, visits around its periods' edges
    [26, 'Ended'], // a membership that ended before today
  ] as const) {
    patient.run(id, `E0${id}`, `E0${id}`, first, at, at);
  }
  const appointment = db.prepare(
    `INSERT INTO appointments (id, patient_id, start_local, local_date, start_utc, type, status,
       removed, imported_at)
     VALUES (?, ?, ?, ?, ?, 'Adjustment', ?, ?, ?)`,
  );
  const appointments: Appt[] = [
    ['e20a', 20, TODAY, 'checked_in'],
    ['e20b', 20, '2026-11-21', 'cancelled'],
    ['e20c', 20, '2026-11-22', 'rescheduled'],
    ['e20d', 20, '2026-11-23', 'missed'],
    ['e20e', 20, '2026-11-24', 'checked_in'],
    ['e21a', 21, TODAY, 'future'],
    ['e21b', 21, '2026-11-25', 'future', 1],
    ['e21c', 21, '2026-11-29', 'future'],
    ['e23a', 23, TODAY, 'future'],
    ['e23b', 23, '2026-11-27', 'future', 1],
    ['e24a', 24, '2026-11-19', 'future'],
    // The member, as of 11-20: the calendar month is 11-01..11-30, the billing month 11-10..12-09.
    ['e25a', 25, '2026-10-31', 'completed'], // neither
    ['e25b', 25, '2026-11-01', 'completed'], // calendar: used
    ['e25c', 25, '2026-11-02', 'cancelled'], // never counted
    ['e25d', 25, '2026-11-03', 'completed', 1], // removed: never counted
    ['e25e', 25, '2026-11-09', 'completed'], // calendar: used
    ['e25f', 25, '2026-11-10', 'completed'], // both: used
    ['e25g', 25, '2026-11-19', 'future'], // stale "future" before the date: neither
    ['e25h', 25, TODAY, 'checked_in'], // both: used
    ['e25i', 25, '2026-11-21', 'future', 1], // removed: never counted
    ['e25j', 25, '2026-11-25', 'checked_in'], // both: used (checked in counts whatever its date)
    ['e25k', 25, '2026-11-30', 'future'], // both: scheduled
    ['e25l', 25, '2026-12-01', 'future'], // billing: scheduled
    ['e25m', 25, '2026-12-09', 'future'], // billing: scheduled
    ['e25n', 25, '2026-12-10', 'future'], // neither
    ['e26a', 26, TODAY, 'future'],
  ];
  for (const [id, pid, date, status, removed] of appointments) {
    appointment.run(id, pid, `${date}T09:00`, date, `${date}T15:00:00Z`, status, removed ?? 0, at);
  }
  const carePlan = db.prepare(
    `INSERT INTO care_plans (source, upstream_id, patient_id, kind, name, visits_allowed, period,
       start_date, end_date, seen_at)
     VALUES ('ehr', ?, ?, ?, ?, ?, 'month', ?, ?, ?)`,
  );
  carePlan.run('cp-e25-t', 25, 'treatment', 'Corrective 12', null, '2026-01-10', null, at);
  carePlan.run('cp-e25-m', 25, 'membership', 'Wellness 4/month', 4, '2026-01-10', null, at);
  carePlan.run('cp-e26-m', 26, 'membership', 'Wellness 2/month', 2, '2026-01-10', '2026-10-31', at);
});
afterAll(() => db.close());

function load(
  dates: Record<number, string[]>,
  anchor: 'calendar' | 'billing' = 'calendar',
): Map<number, HuddleFacts> {
  const byPatient = new Map(Object.entries(dates).map(([k, v]) => [Number(k), v]));
  return loadHuddleFacts(db, byPatient, anchor);
}

function upcoming(pid: number, dates = [TODAY]): Array<[string, string | undefined, boolean]> {
  const f = load({ [pid]: dates }).get(pid);
  return (f?.days ?? []).map((d) => [d.date, d.next, d.bookedAfter]);
}

describe('loadHuddleFacts: next visit and booked after', () => {
  it('counts the day’s own future visit as the next one, but not as booked after', () => {
    expect(upcoming(23)).toEqual([[TODAY, TODAY, false]]);
    // Alice: today 09:00, then 11-27.
    expect(upcoming(1)).toEqual([[TODAY, TODAY, true]]);
  });

  it('ignores cancelled, rescheduled, missed and checked-in visits after the date', () => {
    expect(upcoming(20)).toEqual([[TODAY, undefined, false]]);
    // Hank: checked in today, nothing booked after.
    expect(upcoming(8)).toEqual([[TODAY, undefined, false]]);
  });

  it('skips a removed appointment', () => {
    expect(upcoming(21)).toEqual([[TODAY, TODAY, true]]);
    expect(upcoming(21, ['2026-11-21'])).toEqual([['2026-11-21', '2026-11-29', true]]);
    // Carol's removed 13:00 visit today does not hide her next one on 11-24.
    expect(upcoming(3, ['2026-11-21'])).toEqual([['2026-11-21', '2026-11-24', true]]);
  });

  it('answers for a patient with no visits, and ignores a stale future visit before the date', () => {
    expect(upcoming(22)).toEqual([[TODAY, undefined, false]]);
    expect(upcoming(24)).toEqual([[TODAY, undefined, false]]);
  });

  it('answers each date a patient is on the list for', () => {
    const f = load({ 21: [TODAY, '2026-11-29'] }).get(21);
    expect(f?.days).toEqual([
      { date: TODAY, next: TODAY, bookedAfter: true, membership: undefined },
      { date: '2026-11-29', next: '2026-11-29', bookedAfter: false, membership: undefined },
    ]);
  });

  it('leaves out an id without a patient row', () => {
    const facts = load({ 999: [TODAY], 22: [TODAY] });
    expect([...facts.keys()]).toEqual([22]);
  });
});

describe('loadHuddleFacts: memberships and their period counts', () => {
  it('loads only memberships', () => {
    expect(load({ 25: [TODAY] }).get(25)?.memberships).toEqual([
      {
        upstreamId: 'cp-e25-m',
        visitsAllowed: 4,
        period: 'month',
        startDate: '2026-01-10',
        endDate: null,
        processorPlanId: null,
      },
    ]);
  });

  it('counts used and scheduled visits of the calendar month, edges included', () => {
    expect(load({ 25: [TODAY] }).get(25)?.days[0]?.membership).toEqual({
      allowed: 4,
      used: 5, // 11-01, 11-09, 11-10, today and 11-25 (checked in counts whatever its date)
      scheduled: 1, // 11-30
      overBy: 2,
      period: { start: '2026-11-01', end: '2026-11-30' },
    });
  });

  it('counts the billing month when the anchor is billing', () => {
    expect(load({ 25: [TODAY] }, 'billing').get(25)?.days[0]?.membership).toEqual({
      allowed: 4,
      used: 3, // 11-10, today, 11-25
      scheduled: 3, // 11-30, 12-01, 12-09
      overBy: 2,
      period: { start: '2026-11-10', end: '2026-12-09' },
    });
  });

  it('counts each date in its own period', () => {
    const days = load({ 25: [TODAY, '2026-12-01'] }).get(25)?.days;
    expect(days?.map((d) => [d.date, d.membership?.used, d.membership?.scheduled])).toEqual([
      [TODAY, 5, 1],
      // December: 12-01, 12-09 and 12-10 booked, nothing used.
      ['2026-12-01', 0, 3],
    ]);
  });

  it('has no membership on a date it does not run, nor for a treatment plan', () => {
    expect(load({ 26: [TODAY] }).get(26)?.days[0]?.membership).toBeUndefined();
    expect(load({ 3: [TODAY] }).get(3)?.days[0]?.membership).toBeUndefined();
  });

  it('finds a Cash Practice membership through the patient link', () => {
    // Kim: Maintenance 2/month from Cash Practice; 11-03 completed, today booked (fixture practice).
    const f = load({ 11: [TODAY] }).get(11);
    expect(f?.memberships.map((m) => m.upstreamId)).toEqual(['cpp-11']);
    expect(f?.days[0]?.membership).toMatchObject({ used: 1, scheduled: 1, overBy: 0 });
  });
});

describe('loadHuddleFacts: cards, plans, insurance and balances', () => {
  it('reads active cards, plans with their declines, the primary insurance and balances', () => {
    const f = load({ 5: [TODAY], 3: [TODAY], 10: [TODAY], 11: [TODAY] });
    expect(f.get(5)?.cards.map((c) => c.id)).toEqual(['tok-5']);
    expect(f.get(5)?.plans.map((p) => [p.id, p.description, p.amountCents])).toEqual([
      ['r-5', 'Corrective care', 12000],
    ]);
    expect(f.get(5)?.declines.map((d) => [d.planId, d.status, d.reasonText])).toEqual([
      ['r-5', 'unpaid', 'Insufficient funds'],
      ['r-5', 'paid', 'Do not honor'],
    ]);
    // Carol: primary BCBS wins over the secondary Medicare row.
    expect(f.get(3)?.insurance).toEqual({ carrier: 'BCBS', copayCents: 3000 });
    expect(f.get(10)).toMatchObject({ patientBalanceCents: 25000, insuranceBalanceCents: 4000 });
    // Eve has no balances row.
    expect(f.get(5)).toMatchObject({ patientBalanceCents: 0, insuranceBalanceCents: null });
    // Kim: a card at each processor, each reached through its link.
    expect(
      f
        .get(11)
        ?.cards.map((c) => c.id)
        .sort(),
    ).toEqual(['cpc-11', 'tok-11']);
  });

  it('leaves out an inactive or removed card', () => {
    db.prepare(
      `INSERT INTO cards (source, upstream_id, contact_id, brand, last_four, active, removed, seen_at)
       VALUES ('fortis', 'tok-5-old', 'f-5', 'Visa', '0001', 0, 0, ?),
              ('fortis', 'tok-5-gone', 'f-5', 'Visa', '0002', 1, 1, ?)`,
    ).run(at, at);
    expect(
      load({ 5: [TODAY] })
        .get(5)
        ?.cards.map((c) => c.id),
    ).toEqual(['tok-5']);
  });
});
