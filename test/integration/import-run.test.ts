import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { runImport, type ImportOptions } from '../../src/ehr-import/run-import.js';
import type { ImportKind } from '../../src/ehr-import/kinds.js';
import { parseColumnMap } from '../../src/ehr-import/map-file.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { InvalidInputError } from '../../src/errors.js';

const now = new Date('2026-03-10T14:00:00Z');
const zone = 'America/New_York';

function file(kind: ImportKind, text: string, name = `${kind}.csv`) {
  return { kind, name, open: () => Readable.from([text]) };
}

function options(over: Partial<ImportOptions>): ImportOptions {
  return {
    files: [],
    timezone: zone,
    createMissingPatients: false,
    skipInvalid: false,
    dryRun: false,
    ...over,
  };
}

const patients = `account,first_name,last_name,mobile,email,sms_consent
1001,Mary,O'Brien,(555) 234-5678,Mary@Example.com,true
1002,José,Núñez,,,2026-01-15
1003,Ann,Lee,,,no
`;

const day = `appointment_id,account,start,duration_minutes,type,status
D1,1001,2026-03-10 08:00,15,Adjustment,Future
D2,1002,2026-03-10 08:15,15,Adjustment,Checked in
D3,1003,2026-03-10 08:30,30,Re-exam,Future
D4,1001,2026-03-10 09:00,15,Massage,Completed
`;

describe('runImport', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'trackstat-import-')), 'cache.db'));
  });

  const run = (over: Partial<ImportOptions>) => runImport(options(over), { db, now });
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;

  it('imports patients with normalised matching fields, then reports a re-import as unchanged', async () => {
    const first = await run({ files: [file('patients', patients)] });
    expect(first.committed).toBe(true);
    expect(first.files[0]).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    const mary = db.prepare("SELECT * FROM patients WHERE account = '1001'").get() as Record<
      string,
      unknown
    >;
    expect(mary).toMatchObject({
      first_name: 'Mary',
      norm_first: 'mary',
      norm_last: 'obrien',
      mobile: '+15552345678',
      norm_mobile: '+15552345678',
      email: 'Mary@Example.com',
      norm_email: 'mary@example.com',
      source: 'ehr',
      sms_consent_at: '2026-03-10',
      sms_consent_source: 'ehr',
    });
    expect(
      db
        .prepare(
          "SELECT norm_first, norm_last, sms_consent_at FROM patients WHERE account = '1002'",
        )
        .get(),
    ).toEqual({
      norm_first: 'jose',
      norm_last: 'nunez',
      sms_consent_at: '2026-01-15',
    });
    const again = await runImport(options({ files: [file('patients', patients)] }), {
      db,
      now: new Date('2026-04-01T12:00:00Z'),
    });
    expect(again.files[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    // "true" keeps the date consent was first seen.
    expect(count("SELECT count(*) AS n FROM patients WHERE sms_consent_at = '2026-03-10'")).toBe(1);
  });

  it('updates a changed patient and leaves columns the file does not have untouched', async () => {
    await run({ files: [file('patients', patients)] });
    const r = await run({
      files: [file('patients', 'account,first_name,last_name\n1001,Mary,OBrien-Smith\n')],
    });
    expect(r.files[0]).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(
      db.prepare("SELECT last_name, norm_last, mobile FROM patients WHERE account = '1001'").get(),
    ).toEqual({
      last_name: 'OBrien-Smith',
      norm_last: 'obriensmith',
      mobile: '+15552345678',
    });
  });

  it('stores appointments in local and UTC time and replaces the schedule of the day', async () => {
    await run({ files: [file('patients', patients)] });
    const first = await run({ files: [file('appointments', day)] });
    expect(first.files[0]).toMatchObject({ inserted: 4, removed: 0 });
    expect(
      db
        .prepare(
          "SELECT start_local, local_date, start_utc, status FROM appointments WHERE id = 'D2'",
        )
        .get(),
    ).toEqual({
      start_local: '2026-03-10T08:15',
      local_date: '2026-03-10',
      start_utc: '2026-03-10T12:15:00.000Z',
      status: 'checked_in',
    });

    const withoutD3 = day
      .split('\n')
      .filter((l) => !l.startsWith('D3,'))
      .join('\n');
    const second = await run({ files: [file('appointments', withoutD3)] });
    expect(second.files[0]).toMatchObject({
      rows: 3,
      inserted: 0,
      updated: 0,
      unchanged: 3,
      removed: 1,
    });
    expect(db.prepare('SELECT id FROM appointments WHERE removed = 1').all()).toEqual([
      { id: 'D3' },
    ]);

    const third = await run({ files: [file('appointments', day)] });
    expect(third.files[0]).toMatchObject({ inserted: 0, updated: 1, unchanged: 3, removed: 0 });
    expect(count('SELECT count(*) AS n FROM appointments WHERE removed = 1')).toBe(0);
  });

  it('stores a start given with a UTC offset as the practice wall time of that instant', async () => {
    await run({ files: [file('patients', patients)] });
    const text =
      'appointment_id,account,start,type,status\nZ1,1001,2026-03-10T23:30:00-08:00,Adjustment,Future\n';
    const r = await run({ files: [file('appointments', text)] });
    expect(r.errorCount).toBe(0);
    expect(
      db
        .prepare("SELECT start_local, local_date, start_utc FROM appointments WHERE id = 'Z1'")
        .get(),
    ).toEqual({
      start_local: '2026-03-11T03:30',
      local_date: '2026-03-11',
      start_utc: '2026-03-11T07:30:00.000Z',
    });
  });

  it('removes only inside --from/--to when given', async () => {
    await run({ files: [file('patients', patients)] });
    await run({ files: [file('appointments', day)] });
    const other =
      'appointment_id,account,start,type,status\nX1,1001,2026-03-11 08:00,Adjustment,Future\n';
    const r = await run({
      files: [file('appointments', other)],
      from: '2026-03-11',
      to: '2026-03-11',
    });
    expect(r.files[0]).toMatchObject({ inserted: 1, removed: 0 });
    const wide = await run({
      files: [file('appointments', other)],
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(wide.files[0]?.removed).toBe(4);
  });

  it('writes nothing when a row is invalid, and the valid rows with skipInvalid', async () => {
    await run({ files: [file('patients', patients)] });
    const bad = `${day}D5,1001,2026-03-08 02:30,15,Adjustment,Future\n`;
    const atomic = await run({ files: [file('appointments', bad)] });
    expect(atomic.committed).toBe(false);
    expect(atomic.errorCount).toBe(1);
    expect(atomic.firstErrors[0]).toMatchObject({ line: 6, column: 'start' });
    expect(count('SELECT count(*) AS n FROM appointments')).toBe(0);

    const partial = await run({ files: [file('appointments', bad)], skipInvalid: true });
    expect(partial.committed).toBe(true);
    expect(partial.files[0]).toMatchObject({ inserted: 4, rejected: 1 });
    expect(count('SELECT count(*) AS n FROM appointments')).toBe(4);
  });

  it('dry run reports the counts and writes nothing', async () => {
    const r = await run({
      files: [file('patients', patients), file('appointments', day)],
      dryRun: true,
    });
    expect(r.committed).toBe(false);
    expect(r.files.map((f) => [f.kind, f.inserted])).toEqual([
      ['patients', 3],
      ['appointments', 4],
    ]);
    expect(count('SELECT count(*) AS n FROM patients')).toBe(0);
    expect(count('SELECT count(*) AS n FROM appointments')).toBe(0);
  });

  it('rejects unknown accounts unless createMissingPatients', async () => {
    const charges =
      'charge_id,account,date,description,fee,paid\nC1,7777,2026-03-09,Adjustment,"$1,250.50",$0\n';
    const r = await run({ files: [file('charges', charges)] });
    expect(r.firstErrors[0]).toMatchObject({ line: 2, column: 'account' });
    expect(r.firstErrors[0]?.reason).toMatch(/unknown account "7777".*--create-missing-patients/);

    const created = await run({ files: [file('charges', charges)], createMissingPatients: true });
    expect(created.files[0]).toMatchObject({ inserted: 1, patients_created: 1 });
    expect(db.prepare("SELECT fee_cents, paid_cents FROM charges WHERE id = 'C1'").get()).toEqual({
      fee_cents: 125050,
      paid_cents: 0,
    });
    expect(
      count("SELECT count(*) AS n FROM patients WHERE account = '7777' AND source = 'ehr'"),
    ).toBe(1);
  });

  it('imports a folder in dependency order in one transaction', async () => {
    const balances =
      'account;patient_balance;insurance_balance;as_of\n1001;-12.50;$100.00;2026-03-09\n';
    const plans = `plan_id,account,kind,name,total_visits,visits_allowed,period,start_date,care_status
PL1,1001,treatment,Corrective 24,24,,,2026-01-05,corrective
PL2,1002,membership,Wellness monthly,,4,month,2026-02-01,Wellness
`;
    const insurance = 'account,carrier,copay,priority\n1001,Aetna,$25,primary\n1001,Medicare,,2\n';
    const r = await run({
      files: [
        file('plans', plans),
        file('balances', balances),
        file('insurance', insurance),
        file('patients', patients),
      ],
    });
    expect(r.files.map((f) => f.kind)).toEqual(['patients', 'insurance', 'balances', 'plans']);
    expect(r.errorCount).toBe(0);
    expect(
      db.prepare('SELECT patient_balance_cents, insurance_balance_cents FROM balances').get(),
    ).toEqual({
      patient_balance_cents: -1250,
      insurance_balance_cents: 10000,
    });
    expect(
      db.prepare('SELECT priority, carrier, copay_cents FROM insurance ORDER BY priority').all(),
    ).toEqual([
      { priority: 'primary', carrier: 'Aetna', copay_cents: 2500 },
      { priority: 'secondary', carrier: 'Medicare', copay_cents: null },
    ]);
    expect(
      db
        .prepare(
          "SELECT source, kind, care_status, period FROM care_plans WHERE upstream_id = 'PL2'",
        )
        .get(),
    ).toEqual({
      source: 'ehr',
      kind: 'membership',
      care_status: 'maintenance',
      period: 'month',
    });
  });

  it('a failing file in a folder rolls back the others', async () => {
    const r = await run({
      files: [file('patients', patients), file('balances', 'account,patient_balance\n1001,lots\n')],
    });
    expect(r.committed).toBe(false);
    expect(r.firstErrors[0]).toMatchObject({
      file: 'balances.csv',
      line: 2,
      column: 'patient_balance',
    });
    expect(count('SELECT count(*) AS n FROM patients')).toBe(0);
  });

  it('applies a map: header renames, status words, defaults and date formats', async () => {
    await run({ files: [file('patients', patients)] });
    const map = parseColumnMap(
      JSON.stringify({
        headers: {
          'Appt #': 'appointment_id',
          'Patient Acct': 'account',
          When: 'start',
          Visit: 'type',
        },
        values: { status: { Kept: 'completed', NS: 'missed' } },
        defaults: { status: 'future' },
        date_formats: { start: 'DD.MM.YYYY HH:mm' },
      }),
      'map.json',
    );
    const text =
      'Appt #,Patient Acct,When,Visit,Status\nM1,1001,10.03.2026 09:00,Adjustment,Kept\nM2,1002,10.03.2026 09:15,Adjustment,ns\nM3,1003,10.03.2026 09:30,Adjustment,\n';
    const r = await run({ files: [file('appointments', text)], map });
    expect(r.errorCount).toBe(0);
    expect(
      db.prepare('SELECT id, status, start_local FROM appointments ORDER BY id').all(),
    ).toEqual([
      { id: 'M1', status: 'completed', start_local: '2026-03-10T09:00' },
      { id: 'M2', status: 'missed', start_local: '2026-03-10T09:15' },
      { id: 'M3', status: 'future', start_local: '2026-03-10T09:30' },
    ]);
  });

  it('reports every problem of a messy file with its line and column', async () => {
    await run({ files: [file('patients', patients)] });
    const messy = `appointment_id,account,start,type,status
A1,1001,2026-03-09 09:00,Adjustment,Future
A2,1002,13/45/2026 10:00,Adjustment,Completed
A1,1003,2026-03-09 11:00,Adjustment,Future
A4,1001,2026-03-10 09:00,,Sleeping
`;
    const r = await run({ files: [file('appointments', messy)] });
    expect(r.firstErrors.map((e) => `${e.line}:${e.column}`)).toEqual([
      '3:start',
      '4:appointment_id',
      '5:type',
      '5:status',
    ]);
    expect(r.firstErrors[1]?.reason).toBe('duplicate appointment_id "A1" (already on line 2)');
    expect(r.firstErrors[3]?.reason).toBe(
      '"Sleeping" is not one of: future, checked_in, completed, missed, cancelled, rescheduled',
    );
  });

  it('streams a large schedule in chunks and re-imports it without a write', async () => {
    const accounts =
      'account,first_name,last_name\n' +
      Array.from({ length: 100 }, (_, i) => `P${i},F${i},L${i}`).join('\n');
    await run({ files: [file('patients', accounts)] });
    const rows = 20_000;
    async function* schedule(): AsyncGenerator<string> {
      yield 'appointment_id,account,start,duration_minutes,type,status\n';
      for (let i = 0; i < rows; i += 500) {
        let chunk = '';
        for (let j = i; j < i + 500; j++) {
          const day = String(1 + (j % 28)).padStart(2, '0');
          const hour = String(8 + (j % 10)).padStart(2, '0');
          chunk += `AP${j},P${j % 100},2026-02-${day} ${hour}:${j % 2 ? '30' : '00'},15,Adjustment,Completed\n`;
        }
        yield chunk;
      }
    }
    const big = {
      kind: 'appointments' as const,
      name: 'big.csv',
      open: () => Readable.from(schedule()),
    };
    const first = await run({ files: [big] });
    expect(first.files[0]).toMatchObject({ rows, inserted: rows, rejected: 0, removed: 0 });
    const totalChanges = (): number =>
      (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = totalChanges();
    const again = await run({ files: [big] });
    expect(again.files[0]).toMatchObject({
      rows,
      inserted: 0,
      updated: 0,
      unchanged: rows,
      removed: 0,
    });
    // Only the run's own bookkeeping (its temporary table of ids seen) was written, no appointment.
    expect(totalChanges() - before).toBe(rows);
    expect(count('SELECT count(*) AS n FROM appointments WHERE removed = 0')).toBe(rows);
  });

  it('refuses a header that gives one column twice, and rows with more fields than the header', async () => {
    const map = parseColumnMap(JSON.stringify({ headers: { 'Patient #': 'account' } }), 'm.json');
    const twice = await run({
      files: [file('patients', 'Patient #,Account,first_name,last_name\n1,1,A,B\n')],
      map,
    }).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(InvalidInputError);
    expect((twice as Error).message).toContain('two columns are read as "account"');

    const ragged = await run({
      files: [file('patients', 'account,first_name,last_name\n1,A,B,oops\n2,C,D,,\n')],
    });
    expect(ragged.firstErrors).toEqual([
      {
        file: 'patients.csv',
        line: 2,
        column: '(row)',
        value: 'oops',
        reason: 'has 4 fields but the header has 3 (an unquoted delimiter?)',
      },
    ]);
  });

  it('runs patient matching after patients change', async () => {
    const calls: Date[] = [];
    await runImport(options({ files: [file('patients', patients)] }), {
      db,
      now,
      linkPatients: (_db, at) => {
        calls.push(at);
        return { linked: 2, unmatched: 1 };
      },
    });
    expect(calls).toEqual([now]);
  });
});
