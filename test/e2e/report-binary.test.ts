import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliTty, tempHome } from '../helpers/cli.js';
import { NOW, preparePracticeHome } from '../fixtures/practice/practice.js';

let home: string;
const esc = String.fromCharCode(27);
const stripAnsi = (text: string) =>
  text
    .split(esc)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
    .join('');
const env = { TRACKSTAT_NOW: NOW };

beforeAll(() => {
  home = tempHome('trackstat-report-e2e-');
  preparePracticeHome(home);
});

describe('trackstat report (built binary, fixture practice)', () => {
  it('piped: CSV with a header and one row per visible appointment, no summary', async () => {
    const r = await runCli(['report', 'appointments', '--today'], { home, env });
    expect(r.code).toBe(0);
    const records = parse(r.stdout) as string[][];
    expect(records[0]?.slice(0, 3)).toEqual(['time', 'patient', 'account']);
    expect(records).toHaveLength(12);
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stdout).not.toContain('flagged');
    const kim = records.find((row) => row[2] === 'A011');
    expect(kim?.at(-1)).toBe('NOT_SCHEDULED_NEXT BALANCE_DUE');
  });

  it('on a terminal: a coloured table fitted to the width, with the summary line', async () => {
    const r = await runCliTty(['report', 'appointments', '--today'], { home, env, columns: 100 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\u001b[31m');
    expect(r.stdout).toContain('11 appointments · 10 flagged');
    const plain = stripAnsi(r.stdout).replace(/\r/g, '');
    const tableLines = plain.split('\n').filter((l) => /^ \d\d:\d\d /.test(l));
    expect(tableLines.length).toBe(11);
    for (const line of tableLines) expect([...line].length).toBeLessThanOrEqual(100);
    expect(plain).toContain('Hidden to fit the terminal: insurance_balance');
  });

  it('NO_COLOR turns colours off on a terminal', async () => {
    const r = await runCliTty(['report', 'appointments'], {
      home,
      env: { ...env, NO_COLOR: '1' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b[31m');
    expect(r.stdout).toContain('10 flagged');
  });

  it('--output writes a 0600 file in the format of its extension and says how many rows', async () => {
    const file = join(home, 'patients.json');
    const r = await runCli(['report', 'patients', '--output', file], { home, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Wrote 12 rows to');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rows = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
    expect(rows).toHaveLength(12);
    const audit = await runCli(['audit', '--format', 'json'], { home, env });
    const lines = JSON.parse(audit.stdout) as Array<{
      command: string;
      output_file: string | null;
      counts: string;
    }>;
    expect(lines[0]).toMatchObject({ command: 'report', output_file: file });
  });

  it('--format json parses', async () => {
    const r = await runCli(['report', 'memberships', '--format', 'json'], { home, env });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(3);
  });

  it('unknown report, flag or column names exit 2 and list the valid ones', async () => {
    const report = await runCli(['report', 'bogus'], { home, env });
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('appointments, patients, plans, memberships, weekly, cards');
    const flag = await runCli(['report', 'appointments', '--flag', 'LATE'], { home, env });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('DEPOSIT_UNPAID');
    const column = await runCli(['report', 'cards', '--columns', 'nope'], { home, env });
    expect(column.code).toBe(2);
    expect(column.stderr).toContain('Valid columns: patient, account');
  });

  it('no report name: exit 2 listing the reports (not commander\'s "missing required argument")', async () => {
    const r = await runCli(['report'], { home, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Which report?');
    expect(r.stderr).toContain('appointments, patients, plans, memberships, weekly, cards');
  });
});
