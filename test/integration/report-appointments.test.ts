import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { huddleCacheFresh, refreshHuddleCache } from '../../src/reports/huddle-cache.js';
import { NOW } from '../fixtures/practice/practice.js';
import { jsonRows, practiceDb, runPracticeReport } from './report-helpers.js';

let db: Db;
beforeAll(() => {
  db = practiceDb();
});
afterAll(() => db.close());

// Every hand-computed expectation holds both ways the huddle list reads a patient's facts: from
// the tables, and from the huddle cache (migration 9) once a command has rebuilt it.
describe.each([
  ['from the tables', false],
  ['from the huddle cache', true],
])('report appointments on the fixture practice (today = 2026-11-20), facts %s', (_how, cached) => {
  let db: Db;
  beforeAll(() => {
    db = practiceDb();
    if (cached) refreshHuddleCache(db, new Date(NOW));
  });
  afterAll(() => db.close());

  it(`reads the facts ${cached ? 'from the fresh cache' : 'from the tables (cache stale)'}`, () => {
    expect(huddleCacheFresh(db)).toBe(cached);
  });

  it('lists today’s appointments in time order, hiding cancelled, rescheduled and removed ones', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'appointments', { today: true }));
    expect(rows.map((r) => [r.time, r.account])).toEqual([
      ['09:00', 'A001'],
      ['09:15', 'A002'],
      ['09:30', 'A003'],
      ['09:45', 'A004'],
      ['10:00', 'A008'],
      ['10:15', 'A005'],
      ['10:30', 'A006'],
      ['10:45', 'A007'],
      ['11:00', 'A009'],
      ['11:30', 'A010'],
      ['12:00', 'A011'],
    ]);
  });

  it('raises the hand-computed flags for every patient', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'appointments', {}));
    const flags = Object.fromEntries(rows.map((r) => [r.account, r.flags]));
    expect(flags).toEqual({
      A001: [],
      A002: ['NO_CARD'],
      A003: ['CARD_EXPIRED'],
      A004: ['CARD_EXPIRING'],
      A005: ['PAYMENT_DECLINED', 'PLAN_BEHIND'],
      A006: ['PLAN_BEHIND'],
      A007: ['OVER_LIMIT'],
      A008: ['NOT_SCHEDULED_NEXT'],
      A009: ['DEPOSIT_UNPAID'],
      A010: ['BALANCE_DUE'],
      A011: ['NOT_SCHEDULED_NEXT', 'BALANCE_DUE'],
    });
  });

  it('shows card, plan, membership, pay wall, insurance and balances', async () => {
    const rows = jsonRows(await runPracticeReport(db, 'appointments', {}));
    const by = (account: string) => rows.find((r) => r.account === account) ?? {};
    expect(by('A001')).toMatchObject({
      patient: 'Alice Able',
      provider: 'Dr. Lee',
      card: 'Visa 4242 12/28',
      card_status: 'ok',
      plan: 'Wellness monthly, current',
      membership: '0+1/2',
      paywall: null,
      insurance: 'Aetna, copay 25.00',
      patient_balance_cents: 0,
      insurance_balance_cents: 1500,
    });
    expect(by('A002')).toMatchObject({
      card: 'none',
      card_status: 'none',
      plan: null,
      insurance: null,
    });
    expect(by('A003')).toMatchObject({
      card: 'Mastercard 5454 10/26',
      insurance: 'BCBS, copay 30.00',
    });
    expect(by('A005')).toMatchObject({ plan: 'Corrective care, behind 120.00' });
    expect(by('A006')).toMatchObject({ plan: 'Care plan, behind 170.00', card: 'Visa 1111 06/29' });
    expect(by('A007')).toMatchObject({ membership: '4+2/4', type: 'Massage' });
    expect(by('A009')).toMatchObject({ paywall: 'unpaid' });
    expect(by('A010')).toMatchObject({ paywall: 'paid', patient_balance_cents: 25000 });
    // Kim: the Cash Practice card her active plan charges wins over the expired Fortis default.
    expect(by('A011')).toMatchObject({
      card: 'Mastercard 3434 03/30',
      card_status: 'ok',
      membership: '1+1/2',
    });
  });

  it('filters by flag, flagged, provider, type and status', async () => {
    const accounts = async (opts: object) =>
      jsonRows(await runPracticeReport(db, 'appointments', opts)).map((r) => r.account);
    expect(await accounts({ flagged: true })).toHaveLength(10);
    expect(await accounts({ flag: ['plan_behind'] })).toEqual(['A005', 'A006']);
    expect(await accounts({ flag: ['DEPOSIT_UNPAID', 'NO_CARD'] })).toEqual(['A002', 'A009']);
    expect(await accounts({ provider: ['dr. patel'] })).toEqual(['A005', 'A006', 'A007', 'A011']);
    expect(await accounts({ type: ['New Patient'] })).toEqual(['A009', 'A010']);
    expect(await accounts({ status: ['checked_in'] })).toEqual(['A008']);
    expect(await accounts({ status: ['cancelled'] })).toEqual(['A011']);
    expect(await accounts({ allStatuses: true })).toHaveLength(14);
  });

  it('ends the table with the hand-computed summary line', async () => {
    const run = await runPracticeReport(db, 'appointments', {}, { format: 'table', tty: true });
    const last = run.stdout.trimEnd().split('\n').at(-1);
    expect(last).toBe(
      '11 appointments · 10 flagged · NO_CARD 1 · CARD_EXPIRED 1 · CARD_EXPIRING 1 · PAYMENT_DECLINED 1 · ' +
        'PLAN_BEHIND 2 · OVER_LIMIT 1 · NOT_SCHEDULED_NEXT 2 · DEPOSIT_UNPAID 1 · BALANCE_DUE 2 · ' +
        'behind 290.00 · patient balance 280.00',
    );
    expect(run.stdout).toContain('\u001b[31m'); // red flags on a colour terminal
  });

  it('reads other dates and ranges; a date with no appointments is an empty report', async () => {
    const tomorrow = jsonRows(await runPracticeReport(db, 'appointments', { tomorrow: true }));
    expect(tomorrow).toEqual([]);
    const monday = jsonRows(await runPracticeReport(db, 'appointments', { date: 'monday' }));
    expect(monday.map((r) => r.account)).toEqual(['A004']);
    const week = jsonRows(
      await runPracticeReport(db, 'appointments', { from: '2026-11-23', to: '2026-11-27' }),
    );
    expect(week.map((r) => [r.date, r.account])).toEqual([
      ['2026-11-23', 'A004'],
      ['2026-11-24', 'A003'],
      ['2026-11-25', 'A005'],
      ['2026-11-26', 'A007'],
      ['2026-11-27', 'A001'],
      ['2026-11-27', 'A009'],
    ]);
  });

  it('selects columns, lists them, and rejects unknown names with the valid ones', async () => {
    const rows = jsonRows(
      await runPracticeReport(
        db,
        'appointments',
        { flag: ['NO_CARD'] },
        { columns: 'patient,flags' },
      ),
    );
    expect(rows).toEqual([{ patient: 'Bob Brown', flags: ['NO_CARD'] }]);
    const list = await runPracticeReport(db, 'appointments', {}, { listColumns: true });
    expect(list.stdout).toMatch(/^card_status +\* none, expired, expiring or ok$/m);
    expect(list.stdout).toMatch(/^amount_behind +sum behind/m);
    await expect(
      runPracticeReport(db, 'appointments', {}, { columns: 'patient,bogus' }),
    ).rejects.toMatchObject({ exitCode: 2, message: 'Unknown column: bogus.' });
  });

  it('rejects unknown flags and filters of other reports (exit 2)', async () => {
    await expect(runPracticeReport(db, 'appointments', { flag: ['LATE'] })).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('NO_CARD'),
    });
    await expect(runPracticeReport(db, 'appointments', { behind: true })).rejects.toMatchObject({
      exitCode: 2,
      message: '--behind does not apply to report appointments.',
    });
    await expect(runPracticeReport(db, 'appointments', { date: 'someday' })).rejects.toMatchObject({
      exitCode: 2,
    });
  });

  it('records an audit line with the row count', async () => {
    const run = await runPracticeReport(db, 'appointments', {});
    expect(run.audits).toEqual([{ counts: { rows: 11, report: 'appointments' }, file: undefined }]);
  });
});

describe('a --provider/--type value no appointment has', () => {
  it('warns on stderr with the values the schedule has, instead of a silent empty list', async () => {
    const run = await runPracticeReport(db, 'appointments', { provider: ['Lee'] });
    expect(run.rows).toBe(0);
    expect(run.stderr).toContain('--provider "Lee": no appointment has it');
    expect(run.stderr).toContain('Dr. Lee, Dr. Patel');
    const known = await runPracticeReport(db, 'appointments', {
      provider: ['dr. lee'],
      type: ['adjustment'],
    });
    expect(known.stderr).not.toContain('no appointment has');
  });
});

describe('an empty huddle list on a terminal', () => {
  it('names the day, and says when filters emptied it', async () => {
    const quiet = await runPracticeReport(
      db,
      'appointments',
      { date: '2030-01-06' },
      { format: 'table', tty: true },
    );
    expect(quiet.stdout).toContain('No appointments on 2030-01-06.');
    const filtered = await runPracticeReport(
      db,
      'appointments',
      { flag: ['DEPOSIT_UNPAID'], provider: ['Dr. Patel'], status: ['missed'] },
      { format: 'table', tty: true },
    );
    expect(filtered.stdout).toMatch(/No appointments on \d{4}-\d\d-\d\d that match the filters\./);
  });
});
