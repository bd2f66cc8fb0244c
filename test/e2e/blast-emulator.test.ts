import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { binPath } from '../helpers/cli.js';
import { startEmulatorPractice, type EmulatorPractice } from '../helpers/emulator-practice.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { startTwilioSink, type TwilioSink } from '../helpers/twilio-sink.js';

// The built binary against the emulator, a real SMTP server and a Twilio stand-in: quiet hours,
// exit 4 without --yes, do-not-contact, blast → the patient uses the link → sync → the new card is
// the patient's card, the plan charges the new token, the authorisation is voided; a re-run sends
// nothing new.

const today = '2026-03-10';
const now = `${today}T15:00:00Z`;

describe('trackstat card-update-blast (emulator, built binary)', () => {
  let practice: EmulatorPractice;
  let smtp: SmtpSink;
  let twilio: TwilioSink;
  // The practice's parts, under the names the tests use.
  let sandbox: Sandbox;
  let home: string;
  let env: Record<string, string>;

  const cli = (args: string[], extra: Record<string, string> = {}, input?: string) =>
    practice.cli(args, extra, input);
  const db = (readonly = true) =>
    new Database(join(home, 'profiles', 'default', 'cache.db'), { readonly });
  const query = <T>(sql: string, ...params: unknown[]): T[] => practice.query<T>(sql, ...params);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    twilio = await startTwilioSink();
    practice = await startEmulatorPractice({
      seed: 7,
      patients: 80,
      today,
      now,
      name: 'trackstat-blast-e2e',
      env: { TRACKSTAT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?from=desk@clinic.test` },
      config: [
        ['practice.phone', '+15551234567'],
        ['practice.address', '1 Main St, Springfield'],
        ['messaging.require_sms_consent', 'false'],
      ],
    });
    ({ sandbox, home, env } = practice);
    const connected = await cli(
      [
        'connect',
        'twilio',
        '--account-sid',
        twilio.accountSid,
        '--auth-token-stdin',
        '--from',
        '+15559990000',
        '--base-url',
        twilio.baseUrl,
      ],
      {},
      'twilio-secret-token\n',
    );
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.stderr).toContain('Connected to Twilio (Test clinic)');
  }, 90_000);

  afterAll(async () => {
    await practice.close();
    await smtp.close();
    await twilio.close();
  });

  it('outside the send window sends nothing and exits 0 with the reason', async () => {
    const r = await cli(['card-update-blast', '--yes'], { TRACKSTAT_NOW: `${today}T23:30:00Z` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('nothing sent: quiet hours');
    expect(twilio.posts).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
    expect(query('SELECT id FROM messages')).toHaveLength(0);
  });

  it('without a terminal and without --yes exits 4 naming --yes, and sends nothing', async () => {
    const r = await cli(['card-update-blast']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('--yes');
    expect(twilio.posts).toHaveLength(0);
    expect(query('SELECT id FROM messages')).toHaveLength(0);
  });

  it('on a terminal: shows the plan, asks, and answering no sends nothing', async () => {
    // A pseudo-terminal (util-linux `script`) that types "n" + Enter once the question is shown.
    const quoted = [process.execPath, binPath, 'card-update-blast']
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const child = spawn('script', ['-qefc', `stty cols 120 rows 50; ${quoted}`, '/dev/null'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        TRACKSTAT_HOME: home,
        TERM: 'xterm',
        TZ: 'UTC',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let answered = false;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (!answered && out.includes('Send ')) {
        answered = true;
        child.stdin.write('n\r');
      }
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, out).toBe(0);
    expect(out).toContain('to send:');
    expect(out).toContain('Nothing sent.');
    expect(twilio.posts).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
  });

  it('a template with an unknown merge field stops the blast with exit 8 naming the file and field', async () => {
    const dir = join(home, 'profiles', 'default', 'templates');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'card_update.sms.txt');
    writeFileSync(file, 'Hi {{FirstName}}, update your card: {{CardUpdateLink}}\n');
    try {
      const r = await cli(['card-update-blast', '--dry-run']);
      expect(r.code, r.stderr).toBe(8);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain('{{FirstName}}');
    } finally {
      rmSync(file);
    }
  });

  it('blast → the patient uses the link → sync → new card, plan on the new token, auth voided; re-run sends nothing', async () => {
    const cards = await cli(['report', 'cards', '--format', 'json']);
    expect(cards.code, cards.stderr).toBe(0);
    const before = JSON.parse(cards.stdout) as Array<Record<string, unknown>>;
    const needy = before.filter(
      (c) => (c.status === 'expired' || c.status === 'expiring') && c.account,
    );
    expect(needy.length, cards.stdout.slice(0, 1500)).toBeGreaterThan(1);
    const dnc = String(needy[0]!.account);
    const w = db(false);
    w.prepare('UPDATE patients SET do_not_contact = 1 WHERE account = ?').run(dnc);
    w.close();

    const r = await cli(['card-update-blast', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      run: string;
      outcome: string;
      plan: {
        skipped: Record<string, number>;
        skipped_patients: Array<{ account: string; reason: string }>;
      };
      result: { sent: number; failed: number };
    };
    expect(summary.outcome).toBe('done');
    expect(summary.plan.skipped.do_not_contact).toBeGreaterThanOrEqual(1);
    expect(summary.plan.skipped_patients).toContainEqual(
      expect.objectContaining({ account: dnc, reason: 'do_not_contact' }),
    );
    expect(r.stderr).toContain(`(${dnc}): do-not-contact`);
    expect(summary.result.sent).toBe(twilio.posts.length + smtp.mails.length);
    expect(summary.result.sent).toBeGreaterThan(0);
    for (const p of twilio.posts) {
      expect(p.auth).toBe(
        `Basic ${Buffer.from(`${twilio.accountSid}:twilio-secret-token`).toString('base64')}`,
      );
      expect(p.form.From).toBe('+15559990000');
      expect(p.form.Body).toContain('/pay');
      expect(p.form.Body).toContain('Reply STOP to opt out.');
    }
    expect(
      query(
        `SELECT m.id FROM messages m JOIN patients p ON p.id = m.patient_id WHERE p.account = ?`,
        dnc,
      ),
    ).toHaveLength(0);
    expect(r.stderr).toContain('Sent ');

    // A messaged patient with an active Fortis plan uses their link.
    const [target] = query<{ account: string; link: string; plan: string }>(
      `SELECT p.account, l.upstream_id AS link, r.upstream_id AS plan
         FROM messages m
         JOIN payment_links l ON l.id = m.link_id
         JOIN patients p ON p.id = m.patient_id
         JOIN patient_links pl ON pl.patient_id = p.id AND pl.source = 'fortis'
         JOIN recurring_plans r ON r.source = 'fortis' AND r.contact_id = pl.upstream_id AND r.status = 'active'
        WHERE m.status = 'sent' ORDER BY m.id LIMIT 1`,
    );
    expect(target).toBeDefined();
    const used = sandbox.actions.useCardUpdateLink(target!.link);
    const synced = await cli(['sync', 'fortis']);
    expect(synced.code, synced.stderr).toBe(0);

    const after = await cli([
      'report',
      'cards',
      '--format',
      'json',
      '--columns',
      'account,card_id,updated_how,in_use,status',
    ]);
    expect(after.code, after.stderr).toBe(0);
    const row = (JSON.parse(after.stdout) as Array<Record<string, unknown>>).find(
      (c) => c.account === target!.account && c.in_use !== false,
    );
    expect(row).toMatchObject({ card_id: used.token.id, updated_how: 'patient_link' });
    expect(sandbox.state.fortis.lists.recurrings.get(target!.plan)?.token_id).toBe(used.token.id);
    expect(
      sandbox.state.fortis.lists.transactions.get(String(used.transaction.id))?.status_code,
    ).toBe(201);

    // The same blast again: nothing new goes out.
    const texts = twilio.posts.length;
    const mails = smtp.mails.length;
    const again = await cli(['card-update-blast', '--yes'], {
      TRACKSTAT_NOW: `${today}T16:00:00Z`,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(twilio.posts).toHaveLength(texts);
    expect(smtp.mails).toHaveLength(mails);

    const runs = await cli(['blasts', '--format', 'json']);
    expect(JSON.parse(runs.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ run: summary.run, status: 'done' })]),
    );
    const show = await cli(['blasts', 'show', summary.run, '--format', 'json']);
    expect(show.code, show.stderr).toBe(0);
    const shown = JSON.parse(show.stdout) as Array<{ account: string; card_updated: boolean }>;
    expect(shown.find((m) => m.account === target!.account)?.card_updated).toBe(true);
  });
});
