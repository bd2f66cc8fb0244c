import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { runCli } from '../helpers/cli.js';
import { startEmulatorPractice, type EmulatorPractice } from '../helpers/emulator-practice.js';
import { startTwilioRecorder, type TwilioRecorder } from '../helpers/twilio-recorder.js';

// The pay wall end to end with the built binary: import a schedule with new-patient visits →
// `paywall run --yes` texts one link per visit (a recording Twilio server receives them) → a rerun sends
// nothing → the patient pays in the emulator → sync → the visit is paid and posted → the report
// shows `paid`, and DEPOSIT_UNPAID for the unpaid one past its due time → the export lists the
// payment exactly once.

const today = '2026-03-10';
const now = `${today}T15:00:00Z`;

describe('trackstat paywall (emulator, built binary)', () => {
  let practice: EmulatorPractice;
  let twilio: TwilioRecorder;
  // The practice's parts, under the names the tests use.
  let sandbox: Sandbox;
  let home: string;
  let ehrDir: string;
  let env: Record<string, string>;
  let accounts: string[];

  const cli = (args: string[]) => practice.cli(args);
  const query = <T>(sql: string, ...params: unknown[]): T[] => practice.query<T>(sql, ...params);
  const paylinks = () => sandbox.state.fortis.lists.paylinks.size;

  beforeAll(async () => {
    practice = await startEmulatorPractice({
      seed: 23,
      patients: 60,
      today,
      now,
      name: 'trackstat-pw-e2e',
      beforeImport: (dir, generated) => {
        // Three new-patient visits of reachable patients: two tomorrow (due already: within 24h), one later.
        accounts = generated.state.practice.patients
          .filter(
            (p) =>
              p.processor === 'fortis' &&
              p.mobile &&
              p.smsConsent !== 'false' &&
              !p.doNotContact &&
              p.active,
          )
          .slice(0, 3)
          .map((p) => p.account);
        expect(accounts).toHaveLength(3);
        const [a, b, c] = accounts;
        appendFileSync(
          join(dir, 'appointments.csv'),
          [
            `np-1,${a},2026-03-11 10:00,60,Dr. Test,New Patient,Future,Main,ehr`,
            `np-2,${b},2026-03-11 11:00,60,Dr. Test,New Patient,Future,Main,ehr`,
            `np-3,${c},2026-03-13 10:00,60,Dr. Test,New Patient,Future,Main,ehr`,
            '',
          ].join('\n'),
        );
      },
    });
    ({ sandbox, home, ehrDir, env } = practice);
    twilio = await startTwilioRecorder();
    const connected = await runCli(
      [
        'connect',
        'twilio',
        '--account-sid',
        'AC0123456789abcdef0123456789abcdef',
        '--auth-token-stdin',
        '--from',
        '+15550009999',
        '--base-url',
        twilio.url,
        '--no-verify',
      ],
      { home, env, input: 'twilio-test-token\n' },
    );
    expect(connected.code, connected.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await practice.close();
    await twilio.close();
  });

  /** The upcoming new-patient visits within the default 7-day horizon (generated ones included). */
  const upcoming = () =>
    query<{ id: string }>(
      `SELECT id FROM appointments WHERE type = 'New Patient' AND status = 'future' AND removed = 0
         AND start_utc > ? AND start_utc <= ?`,
      '2026-03-10T15:00',
      '2026-03-17T15:00',
    ).map((r) => r.id);

  it('checks rule types against the schedule and stores the rule', async () => {
    const typo = await cli(['paywall', 'set', 'New Patent', '--amount', '75']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean "New Patient"');
    const set = await cli([
      'paywall',
      'set',
      'new patient',
      '--amount',
      '75.00',
      '--due-within',
      '24h',
    ]);
    expect(set.code, set.stderr).toBe(0);
    const list = await cli(['paywall', 'list', '--format', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([
      { type: 'New Patient', amount_cents: 7500, mode: 'deposit', due_within: '24h' },
    ]);
  });

  it('plans without sending (--dry-run), and exits 4 without a terminal and without --yes', async () => {
    const before = paylinks();
    const dry = await cli(['paywall', 'run', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.trim().split('\n')).toHaveLength(upcoming().length);
    expect(dry.stdout).toContain('2026-03-11 10:00');
    // --json: one JSON document on stdout, the plan inside it.
    const dryJson = await cli(['paywall', 'run', '--dry-run', '--json']);
    expect(dryJson.code, dryJson.stderr).toBe(0);
    const parsed = JSON.parse(dryJson.stdout) as { planned: number; plan: { start: string }[] };
    expect(parsed.planned).toBe(upcoming().length);
    expect(parsed.plan.map((p) => p.start)).toContain('2026-03-11T10:00');
    const noYes = await cli(['paywall', 'run']);
    expect(noYes.code).toBe(4);
    expect(noYes.stderr).toContain('--yes');
    expect(paylinks()).toBe(before);
    expect(query('SELECT id FROM payment_links WHERE purpose = ?', 'paywall')).toEqual([]);
    expect(twilio.texts).toHaveLength(0);
  });

  it('sends one link per visit; running again creates no link and sends nothing', async () => {
    const before = paylinks();
    const expected = upcoming().length;
    const run = await cli(['paywall', 'run', '--yes', '--channel', 'sms', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { links_created: number; sent: number };
    expect(summary.links_created).toBe(expected);
    expect(paylinks()).toBe(before + expected);
    expect(summary.sent).toBeGreaterThanOrEqual(3);
    expect(twilio.texts).toHaveLength(summary.sent);
    expect(twilio.texts[0]?.auth).toBe(
      `Basic ${Buffer.from('AC0123456789abcdef0123456789abcdef:twilio-test-token').toString('base64')}`,
    );
    const mobiles = query<{ mobile: string }>(
      `SELECT mobile FROM patients WHERE account IN (?, ?, ?)`,
      ...accounts,
    ).map((r) => r.mobile);
    for (const mobile of mobiles) expect(twilio.texts.map((t) => t.to)).toContain(mobile);
    const links = query<{ appointment_id: string; url: string }>(
      `SELECT appointment_id, url FROM payment_links WHERE purpose = 'paywall' ORDER BY appointment_id`,
    );
    expect(links.map((l) => l.appointment_id)).toEqual([...upcoming()].sort());
    const np1 = links.find((l) => l.appointment_id === 'np-1');
    const textToA = twilio.texts.find((t) => t.body.includes(np1?.url ?? '-'));
    expect(textToA?.body).toContain('$75.00');
    expect(textToA?.body).toContain('2026-03-11');
    expect(textToA?.body).not.toContain('New Patient'); // no clinical content in texts

    const again = await cli(['paywall', 'run', '--yes', '--channel', 'sms', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ links_created: 0, sent: 0 });
    expect(paylinks()).toBe(before + expected);
    expect(twilio.texts).toHaveLength(summary.sent);
  });

  it('a paid link → sync → paid and posted; the report shows paid and DEPOSIT_UNPAID; export lists it once', async () => {
    const [link] = query<{ upstream_id: string }>(
      `SELECT upstream_id FROM payment_links WHERE appointment_id = 'np-1'`,
    );
    sandbox.actions.payPaylink(link?.upstream_id ?? '');
    const synced = await cli(['sync', 'fortis']);
    expect(synced.code, synced.stderr).toBe(0);
    const run = await cli(['paywall', 'run', '--yes', '--channel', 'sms', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ links_created: 0, sent: 0 });
    expect(query(`SELECT status FROM payment_links WHERE appointment_id = 'np-1'`)).toEqual([
      { status: 'paid' },
    ]);
    const posted = query<{ appointment_id: string; amount_cents: number }>(
      'SELECT appointment_id, amount_cents FROM posted_payments',
    );
    expect(posted).toEqual([{ appointment_id: 'np-1', amount_cents: 7500 }]);

    const report = await cli([
      'report',
      'appointments',
      '--date',
      '2026-03-11',
      '--format',
      'json',
    ]);
    expect(report.code, report.stderr).toBe(0);
    const rows = JSON.parse(report.stdout) as Array<{
      account: string;
      paywall: string | null;
      flags: string[];
    }>;
    const [a, b] = accounts;
    const rowA = rows.find((r) => r.account === a && r.paywall !== null);
    const rowB = rows.find((r) => r.account === b && r.paywall !== null);
    expect(rowA).toMatchObject({ paywall: 'paid' });
    expect(rowA?.flags).not.toContain('DEPOSIT_UNPAID');
    expect(rowB).toMatchObject({ paywall: 'unpaid' });
    expect(rowB?.flags).toContain('DEPOSIT_UNPAID');

    const first = await cli(['export', 'posted-payments']);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toContain('posted_id,account,patient,date,amount');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,${a},`);
    expect(lines[1]).toContain(',75.00,np-1,');
    const second = await cli(['export', 'posted-payments']);
    expect(second.stdout.trim().split(/\r?\n/)).toHaveLength(1);
    const all = await cli(['export', 'posted-payments', '--all']);
    expect(all.stdout.trim().split(/\r?\n/)).toHaveLength(2);
  });

  it('a rescheduled visit keeps its payment; a cancelled paid visit is listed for refund review', async () => {
    const file = join(ehrDir, 'appointments.csv');
    const [a] = accounts;
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/^np-1,(.*),Future,/m, 'np-1,$1,Rescheduled,') +
        `np-1b,${a},2026-03-12 09:00,60,Dr. Test,New Patient,Future,Main,ehr\n`,
    );
    const imported = await cli(['import', '--dir', ehrDir]);
    expect(imported.code, imported.stderr).toBe(0);
    const run = await cli(['paywall', 'run', '--yes', '--channel', 'sms', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ moved: 1, links_created: 0 });
    expect(query('SELECT appointment_id FROM posted_payments')).toEqual([
      { appointment_id: 'np-1b' },
    ]);
    const none = await cli(['paywall', 'refunds', '--format', 'json']);
    expect(JSON.parse(none.stdout)).toEqual([]);

    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/^np-1b,(.*),Future,/m, 'np-1b,$1,Cancelled,'),
    );
    expect((await cli(['import', '--dir', ehrDir])).code).toBe(0);
    const refunds = await cli(['paywall', 'refunds', '--format', 'json']);
    expect(refunds.code, refunds.stderr).toBe(0);
    expect(JSON.parse(refunds.stdout)).toEqual([
      expect.objectContaining({
        appointment_id: 'np-1b',
        account: a,
        reason: 'cancelled',
        amount_cents: 7500,
      }),
    ]);
  });
});
