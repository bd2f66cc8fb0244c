import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, runCliTty, tempHome } from '../helpers/cli.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/ehr');
const fx = (name: string): string => join(fixtures, name);
const env = { TRACKSTAT_NOW: '2026-03-10T14:00:00Z' };

/** Reads the profile's cache directly (read-only) to check what an import wrote. */
function query<T>(home: string, sql: string): T[] {
  const db = new Database(join(home, 'profiles', 'default', 'cache.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('trackstat import (built binary)', () => {
  let home: string;
  const cli = (args: string[], input?: string) =>
    runCli(args, { home, env, ...(input === undefined ? {} : { input }) });

  beforeEach(async () => {
    home = tempHome('trackstat-import-');
    expect((await cli(['config', 'set', 'timezone', 'America/New_York'])).code).toBe(0);
  });

  it('imports an Excel-style patients file (BOM, CRLF, quoted commas and line breaks)', async () => {
    const r = await cli(['import', 'patients', fx('patients-excel.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('patients (');
    expect(r.stderr).toContain('3 rows — 3 inserted, 0 updated, 0 unchanged, 0 rejected');
    expect(r.stderr).toContain('ignoring columns "Chart Notes"');
    expect(
      query(
        home,
        'SELECT account, first_name, last_name, date_of_birth, tags FROM patients ORDER BY account',
      ),
    ).toEqual([
      {
        account: '1001',
        first_name: 'Mary, Ann',
        last_name: "O'Brien",
        date_of_birth: '1980-04-12',
        tags: 'VIP;Wellness',
      },
      {
        account: '1002',
        first_name: 'John Paul',
        last_name: 'Núñez',
        date_of_birth: '1975-03-08',
        tags: '',
      },
      { account: '1003', first_name: 'Ann', last_name: 'Lee', date_of_birth: null, tags: '' },
    ]);
    const again = await cli(['import', 'patients', fx('patients-excel.csv')]);
    expect(again.stderr).toContain('0 inserted, 0 updated, 3 unchanged');
  });

  it('rejects a messy schedule with line and column for each problem, exit 8, nothing written', async () => {
    await cli(['import', 'patients', fx('patients-excel.csv')]);
    const r = await cli(['import', 'appointments', fx('appointments-messy.csv')]);
    expect(r.code).toBe(8);
    const lines = r.stderr.split('\n');
    expect(lines).toContain('line 3, column start: "13/45/2026 10:00" is not a real calendar date');
    expect(lines).toContain(
      'line 4, column start: 2026-03-08 02:30 does not exist in America/New_York: clocks jump from 02:00 to 03:00 that day (daylight-saving gap)',
    );
    expect(lines).toContain(
      'line 5, column appointment_id: duplicate appointment_id "A1" (already on line 2)',
    );
    expect(lines).toContain(
      'line 6, column status: "Sleeping" is not one of: future, checked_in, completed, missed, cancelled, rescheduled',
    );
    expect(r.stderr).toMatch(/line 7, column account: unknown account "9999"/);
    expect(r.stderr).toContain('error: 5 invalid rows (5 problems); nothing was imported.');
    expect(query(home, 'SELECT id FROM appointments')).toEqual([]);
  });

  it('--skip-invalid imports the valid rows, exits 3, and --errors-file lists every problem (0600)', async () => {
    await cli(['import', 'patients', fx('patients-excel.csv')]);
    const errors = join(home, 'rejected.csv');
    const r = await cli([
      'import',
      'appointments',
      fx('appointments-messy.csv'),
      '--skip-invalid',
      '--errors-file',
      errors,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      '7 rows — 2 inserted, 0 updated, 0 unchanged, 0 removed, 5 rejected',
    );
    expect(
      query(home, 'SELECT id, start_local, start_utc, status FROM appointments ORDER BY id'),
    ).toEqual([
      {
        id: 'A1',
        start_local: '2026-03-09T09:00',
        start_utc: '2026-03-09T13:00:00.000Z',
        status: 'future',
      },
      {
        id: 'A6',
        start_local: '2026-03-10T14:15',
        start_utc: '2026-03-10T18:15:00.000Z',
        status: 'checked_in',
      },
    ]);
    const csv = readFileSync(errors, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('line,column,value,reason');
    expect(csv).toHaveLength(6);
    expect(csv[1]).toMatch(/^3,start,13\/45\/2026 10:00,/);
    expect(statSync(errors).mode & 0o777).toBe(0o600);
  });

  it('reads money as cents and refuses a negative fee', async () => {
    await cli(['import', 'patients', fx('patients-excel.csv')]);
    const strict = await cli(['import', 'charges', fx('charges-money.csv')]);
    expect(strict.code).toBe(8);
    expect(strict.stderr).toContain('line 4, column fee: "-40.00" must not be negative');
    const r = await cli(['import', 'charges', fx('charges-money.csv'), '--skip-invalid']);
    expect(r.code).toBe(3);
    expect(
      query(home, 'SELECT id, description, fee_cents, paid_cents FROM charges ORDER BY id'),
    ).toEqual([
      { id: 'C1', description: 'Adjustment, 1-2 regions', fee_cents: 125050, paid_cents: 0 },
      { id: 'C2', description: 'Therapeutic exercise', fee_cents: 12500, paid_cents: 12500 },
    ]);
  });

  it('importing a day twice with one appointment deleted marks exactly that one removed', async () => {
    await cli(['import', 'patients', fx('patients-excel.csv')]);
    expect((await cli(['import', 'appointments', fx('appointments-day.csv')])).code).toBe(0);
    const r = await cli(['import', 'appointments', fx('appointments-day-minus-d3.csv'), '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      status: string;
      files: Array<Record<string, number>>;
    };
    expect(summary.status).toBe('ok');
    expect(summary.files[0]).toMatchObject({
      rows: 3,
      inserted: 0,
      updated: 0,
      unchanged: 3,
      removed: 1,
    });
    expect(query(home, 'SELECT id, removed FROM appointments ORDER BY id')).toEqual([
      { id: 'D1', removed: 0 },
      { id: 'D2', removed: 0 },
      { id: 'D3', removed: 1 },
      { id: 'D4', removed: 0 },
    ]);
  });

  it('--dry-run validates and counts but writes nothing', async () => {
    const r = await cli(['import', 'patients', fx('patients-excel.csv'), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Dry run (nothing was written)');
    expect(r.stderr).toContain('3 inserted');
    expect(query(home, 'SELECT count(*) AS n FROM patients')).toEqual([{ n: 0 }]);
  });

  it('uses a saved map for header renames, status words and a US date-time format', async () => {
    await cli(['import', 'patients', fx('patients-excel.csv')]);
    const saved = await cli(['import', 'maps', 'save', 'chirotouch', fx('chirotouch-map.json')]);
    expect(saved.code).toBe(0);
    const list = await cli(['import', 'maps']);
    expect(list.stdout).toContain('chirotouch');
    expect(list.stdout).toContain('ChiroTouch schedule export');
    const listed = JSON.parse((await cli(['import', 'maps', '--json'])).stdout) as Array<{
      name: string;
    }>;
    expect(listed.map((m) => m.name)).toEqual(['chirotouch']);
    const r = await cli([
      'import',
      'appointments',
      fx('appointments-chirotouch.csv'),
      '--map',
      'chirotouch',
    ]);
    expect(r.code).toBe(0);
    expect(
      query(home, 'SELECT id, status, start_local, duration_minutes FROM appointments ORDER BY id'),
    ).toEqual([
      { id: 'CT1', status: 'completed', start_local: '2026-03-10T09:00', duration_minutes: 15 },
      { id: 'CT2', status: 'checked_in', start_local: '2026-03-10T09:15', duration_minutes: 15 },
      { id: 'CT3', status: 'missed', start_local: '2026-03-10T13:30', duration_minutes: 30 },
    ]);
  });

  it('rejects a map with an unknown key (exit 2) and an unknown map name (exit 2)', async () => {
    const bad = await cli([
      'import',
      'appointments',
      fx('appointments-day.csv'),
      '--map',
      fx('map-unknown-key.json'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unrecognized key: "colour"');
    const missing = await cli([
      'import',
      'appointments',
      fx('appointments-day.csv'),
      '--map',
      'jane',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No saved column map named "jane"');
  });

  it('--dir imports the recognised files of a folder, patients first', async () => {
    const r = await cli(['import', '--dir', fx('export-folder')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('not recognised (skipped): readme.txt');
    const order = [
      'patients (Patients.CSV)',
      'appointments (appointments-2026-03-10.csv)',
      'balances (balances.csv)',
    ];
    const at = order.map((s) => r.stderr.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(
      query(
        home,
        'SELECT a.id, a.status, p.account FROM appointments a JOIN patients p ON p.id = a.patient_id ORDER BY a.id',
      ),
    ).toEqual([
      { id: 'E1', status: 'future', account: '2001' },
      { id: 'E2', status: 'missed', account: '2002' },
    ]);
    expect(
      query(
        home,
        'SELECT patient_balance_cents, insurance_balance_cents FROM balances ORDER BY patient_id',
      ),
    ).toEqual([
      { patient_balance_cents: 4500, insurance_balance_cents: -1000 },
      { patient_balance_cents: 0, insurance_balance_cents: null },
    ]);
  });

  it('shows progress and the summary on a terminal', async () => {
    const r = await runCliTty(['import', 'patients', fx('patients-excel.csv')], { home, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 rows — 3 inserted, 0 updated, 0 unchanged, 0 rejected');
  });

  it('--dir is one transaction: a bad row in one file keeps every file out, errors name the file', async () => {
    const dir = join(home, 'export');
    mkdirSync(dir);
    writeFileSync(join(dir, 'patients.csv'), 'account,first_name,last_name\n3001,Kim,Ng\n');
    writeFileSync(
      join(dir, 'charges.csv'),
      'charge_id,account,date,description,fee\nC9,3001,2026-02-30,Exam,$80\n',
    );
    const errors = join(home, 'errors.csv');
    const r = await cli(['import', '--dir', dir, '--errors-file', errors]);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain(
      'charges.csv: line 2, column date: "2026-02-30" is not a real calendar date',
    );
    expect(readFileSync(errors, 'utf8').split('\n').slice(0, 2)).toEqual([
      'file,line,column,value,reason',
      'charges.csv,2,date,2026-02-30,"""2026-02-30"" is not a real calendar date"',
    ]);
    expect(query(home, 'SELECT count(*) AS n FROM patients')).toEqual([{ n: 0 }]);
  });

  it('exits 7 at once while another run holds the profile lock, and imports nothing', async () => {
    const locks = join(home, 'profiles', 'default', 'locks');
    mkdirSync(locks, { recursive: true });
    // This test process plays the holder: alive, on this host.
    const holder = {
      pid: process.pid,
      host: hostname(),
      command: 'sync',
      started_at: '2026-03-10T13:59:00.000Z',
    };
    writeFileSync(join(locks, 'write.lock'), JSON.stringify(holder));
    const r = await cli(['import', 'patients', fx('patients-excel.csv')]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(`pid ${process.pid} (sync)`);
    // The lock is taken before the cache is even opened.
    expect(existsSync(join(home, 'profiles', 'default', 'cache.db'))).toBe(false);
  });

  it('reads standard input with -', async () => {
    const r = await cli(
      ['import', 'patients', '-'],
      'account,first_name,last_name\nS1,Stan,Dard\n',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('patients (stdin): 1 row — 1 inserted');
    expect(query(home, 'SELECT account FROM patients')).toEqual([{ account: 'S1' }]);
  });

  it('answers usage mistakes with exit 2 and a missing column with exit 8', async () => {
    const kind = await cli(['import', 'visits', fx('appointments-day.csv')]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain(
      'KIND is one of: patients, appointments, charges, insurance, balances, plans',
    );
    expect((await cli(['import', 'patients', fx('nope.csv')])).code).toBe(2);
    expect((await cli(['import', 'patients', '-', '--delimiter', '|'])).code).toBe(2);
    const missing = await cli(['import', 'patients', '-'], 'account,first\n1,A\n');
    expect(missing.code).toBe(8);
    expect(missing.stderr).toContain('the patients file has no first_name, last_name columns');
  });
});
