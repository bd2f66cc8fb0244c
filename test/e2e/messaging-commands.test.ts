import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

// connect smtp --test, and the manual messaging decisions on a patient (built binary).

describe('messaging commands (built binary)', () => {
  let smtp: SmtpSink;
  let home: string;
  const cli = (args: string[], env: Record<string, string> = {}, input?: string) =>
    runCli(args, { home, env, ...(input !== undefined ? { input } : {}) });
  const patient = () => {
    const db = new Database(join(home, 'profiles', 'default', 'cache.db'), { readonly: true });
    try {
      return {
        row: db
          .prepare(
            `SELECT sms_consent_at, sms_consent_source, sms_opt_out_at, email_opt_out_at FROM patients WHERE account = 'A1'`,
          )
          .get() as Record<string, string | null>,
        optOuts: db.prepare('SELECT channel, address, reason FROM opt_outs ORDER BY channel').all(),
      };
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    home = tempHome('trackstat-msg-cmd-');
    for (const [k, v] of [
      ['practice.name', 'Main Street Chiro'],
      ['practice.phone', '+15551234567'],
      ['practice.address', '1 Main St, Springfield'],
    ] as const) {
      expect((await cli(['config', 'set', k, v])).code).toBe(0);
    }
    const csv = join(home, 'patients.csv');
    writeFileSync(
      csv,
      'account,first_name,last_name,mobile,email\nA1,Ann,Lee,(555) 210-1111,ann@example.test\n',
    );
    const imported = await cli(['import', 'patients', csv]);
    expect(imported.code, imported.stderr).toBe(0);
  });

  afterAll(async () => {
    await smtp.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('connect smtp --test sends a test email with the practice footer; the password never shows', async () => {
    const r = await cli(
      [
        'connect',
        'smtp',
        '--host',
        '127.0.0.1',
        '--port',
        String(smtp.port),
        '--tls',
        'none',
        '--from',
        'desk@clinic.test',
        '--test',
        'you@clinic.test',
      ],
      { TRACKSTAT_SMTP_PASSWORD: 'unused-secret-pw' },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('test email sent to you@clinic.test');
    expect(r.stderr + r.stdout).not.toContain('unused-secret-pw');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.subject).toBe('trackstat test email from Main Street Chiro');
    expect(smtp.mails[0]!.text).toContain('1 Main St, Springfield');
    expect(smtp.mails[0]!.html).toContain('(555) 123-4567');
  });

  it('connect smtp to a server that does not answer exits 6 and keeps the working settings', async () => {
    const r = await cli([
      'connect',
      'smtp',
      '--host',
      '127.0.0.1',
      '--port',
      '1',
      '--tls',
      'none',
      '--from',
      'desk@clinic.test',
    ]);
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toContain('SMTP server');
    const stored = JSON.parse(
      readFileSync(join(home, 'profiles', 'default', 'credentials.json'), 'utf8'),
    ) as { smtp?: { port?: string } };
    expect(stored.smtp?.port).toBe(String(smtp.port));
    const again = await cli([
      'connect',
      'smtp',
      '--host',
      '127.0.0.1',
      '--port',
      String(smtp.port),
      '--tls',
      'none',
      '--from',
      'desk@clinic.test',
      '--test',
      'me@clinic.test',
    ]);
    expect(again.code, again.stderr).toBe(0);
  });

  it('connect smtp without a terminal and without --host exits 4 naming the flag', async () => {
    const r = await cli(['connect', 'smtp', '--no-verify']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('--host');
  });

  it('patients consent, opt-out and opt-in change the patient and the opt-out list', async () => {
    const consent = await cli(['patients', 'consent', 'A1', '--source', 'intake form']);
    expect(consent.code, consent.stderr).toBe(0);
    expect(patient().row).toMatchObject({ sms_consent_source: 'intake form' });
    expect(patient().row.sms_consent_at).not.toBeNull();

    const out = await cli(['patients', 'opt-out', 'A1', '--channel', 'sms']);
    expect(out.code, out.stderr).toBe(0);
    expect(patient().optOuts).toEqual([
      { channel: 'sms', address: '+15552101111', reason: 'manual' },
    ]);
    expect(patient().row.sms_opt_out_at).not.toBeNull();
    expect(patient().row.email_opt_out_at).toBeNull();

    const back = await cli(['patients', 'opt-in', 'A1', '--channel', 'sms']);
    expect(back.code, back.stderr).toBe(0);
    expect(patient().optOuts).toEqual([]);
    expect(patient().row.sms_opt_out_at).toBeNull();

    const unknown = await cli(['patients', 'opt-out', 'NOPE']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No patient with account "NOPE"');
  });
});
