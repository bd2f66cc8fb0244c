import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliTty, tempHome } from '../helpers/cli.js';

// Flag checks of the messaging and money commands that fail before any provider is called
// (built binary; run `npm run build` first).

describe('messaging and money commands reject bad flags with exit 2', () => {
  const home = tempHome('trackstat-mm-flags-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('card-update-blast --date refuses a day that does not exist', async () => {
    for (const date of ['2026-13-30', '2026-02-30']) {
      const r = await runCli(['card-update-blast', '--date', date, '--dry-run'], { home });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--date must be a date such as 2026-11-27, not "${date}"`);
      expect(r.stdout).toBe('');
    }
  });
});

describe('patients consent', () => {
  const home = tempHome('trackstat-mm-consent-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('refuses an empty --source (consent from nowhere) with exit 2', async () => {
    const r = await runCli(['patients', 'consent', 'A1', '--source', ' '], { home });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--source must say where consent was given');
  });
});

describe('help of the messaging and money commands', () => {
  const home = tempHome('trackstat-mm-help-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const commands = [
    ['connect', 'fortis'],
    ['connect', 'cashpractice'],
    ['connect', 'twilio'],
    ['connect', 'smtp'],
    ['sync'],
    ['connections'],
    ['disconnect'],
    ['card-update-blast'],
    ['blasts'],
    ['blasts', 'show'],
    ['patients', 'opt-out'],
    ['patients', 'opt-in'],
    ['patients', 'consent'],
    ['invoice', 'create'],
    ['invoice', 'list'],
    ['invoice', 'show'],
    ['invoice', 'resend'],
    ['invoice', 'void'],
    ['paywall', 'set'],
    ['paywall', 'list'],
    ['paywall', 'remove'],
    ['paywall', 'run'],
    ['paywall', 'refunds'],
    ['export', 'posted-payments'],
  ];

  it.each(['connect', 'patients', 'export'])('%s --help shows examples', async (group) => {
    const r = await runCli([group, '--help'], { home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('Examples:')[1] ?? '').toContain(`$ trackstat ${group} `);
  });

  it.each(commands.map((c) => [c.join(' '), c] as const))(
    '%s --help ends with examples of its own',
    async (name, words) => {
      const r = await runCli([...words, '--help'], { home });
      expect(r.code, r.stderr).toBe(0);
      const examples = r.stdout.split('Examples:')[1] ?? '';
      expect(examples, `${name} --help has no examples`).toContain(`$ trackstat ${name}`);
    },
  );
});

describe('tables of the messaging and money commands on a 100-column terminal', () => {
  const home = tempHome('trackstat-mm-table-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('blasts shows whole run ids and invoice list whole amounts and dates', async () => {
    expect((await runCli(['blasts'], { home })).code).toBe(0); // creates the cache
    const db = new Database(join(home, 'profiles', 'default', 'cache.db'));
    try {
      db.prepare(
        `INSERT INTO blast_runs (id, purpose, started_at, audience, channels, status, counts)
         VALUES ('cu-20261127-140000', 'card_update', '2026-11-27T14:00:00.000Z',
                 'missing,expired,expiring', 'both', 'done', '{"sent":12}')`,
      ).run();
      db.prepare(
        `INSERT INTO patients (account, first_name, last_name, created_at, updated_at)
         VALUES ('10234', 'Margaret', 'Fitzgerald', '2026-11-01', '2026-11-01')`,
      ).run();
      db.prepare(
        `INSERT INTO invoices (source, upstream_id, patient_id, total_cents, paid_cents, due_date,
           payment_url, status, created_at)
         VALUES ('fortis', 'qi-1', 1, 123456, 0, '2026-12-11',
                 'https://pay.example.test/11ee08000001000000000005', 'open', '2026-11-27T14:00:00Z')`,
      ).run();
    } finally {
      db.close();
    }
    const env = { NO_COLOR: '1', TRACKSTAT_NOW: '2026-11-27T15:00:00Z' };
    const blasts = await runCliTty(['blasts'], { home, env, columns: 100 });
    expect(blasts.code).toBe(0);
    expect(blasts.stdout).toContain('cu-20261127-140000');
    const invoices = await runCliTty(['invoice', 'list'], { home, env, columns: 100 });
    expect(invoices.code).toBe(0);
    for (const whole of ['1234.56', '2026-11-27', '2026-12-11', 'Margaret Fitz'])
      expect(invoices.stdout).toContain(whole);
  });
});

describe('paywall run without Fortis', () => {
  const home = tempHome('trackstat-mm-paywall-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('exits 5 naming connect fortis before showing a plan it could not carry out', async () => {
    const env = { TRACKSTAT_NOW: '2026-11-27T15:00:00Z' };
    const patients = join(home, 'patients.csv');
    const appointments = join(home, 'appointments.csv');
    writeFileSync(
      patients,
      'account,first_name,last_name,mobile,sms_consent\nA1,Ann,Lee,(555) 210-1111,true\n',
    );
    writeFileSync(
      appointments,
      'appointment_id,account,start,duration_minutes,provider,type,status\n' +
        'v1,A1,2026-11-29 10:00,30,Dr. Hart,Massage,Scheduled\n',
    );
    for (const args of [
      ['import', 'patients', patients],
      ['import', 'appointments', appointments],
      ['paywall', 'set', 'Massage', '--amount', '40'],
    ]) {
      const r = await runCli(args, { home, env });
      expect(r.code, r.stderr).toBe(0);
    }
    const dry = await runCli(['paywall', 'run', '--dry-run'], { home, env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Ann Lee');
    const run = await runCli(['paywall', 'run', '--yes'], { home, env });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('Fortis is not connected');
    expect(run.stderr).toContain('trackstat connect fortis');
    expect(run.stderr).not.toContain('Pay wall plan');
  });
});

describe('card-update-blast --dry-run before Twilio or SMTP is connected', () => {
  const home = tempHome('trackstat-mm-dry-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('shows the plan (as the demo suggests) instead of exiting 5; a real run still exits 5', async () => {
    const env = { TRACKSTAT_NOW: '2026-11-27T15:00:00Z' };
    const patients = join(home, 'patients.csv');
    const appointments = join(home, 'appointments.csv');
    writeFileSync(
      patients,
      'account,first_name,last_name,mobile,sms_consent\nA1,Ann,Lee,(555) 210-1111,true\n',
    );
    writeFileSync(
      appointments,
      'appointment_id,account,start,duration_minutes,provider,type,status\n' +
        'v1,A1,2026-11-30 10:00,30,Dr. Hart,Adjustment,Scheduled\n',
    );
    for (const [args, input] of [
      [['config', 'set', 'practice.name', 'Main Street Chiro'], undefined],
      [['import', 'patients', patients], undefined],
      [['import', 'appointments', appointments], undefined],
      [
        [
          'connect',
          'fortis',
          '--user-id',
          'u1',
          '--location-id',
          'l1',
          '--developer-id',
          'd1',
          '--user-api-key-stdin',
          '--no-verify',
        ],
        'fortis-test-key',
      ],
    ] as const) {
      const r = await runCli([...args], { home, env, ...(input ? { input } : {}) });
      expect(r.code, r.stderr).toBe(0);
    }
    const dry = await runCli(['card-update-blast', '--dry-run'], { home, env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('Neither Twilio nor SMTP is connected: this plan assumes both');
    expect(dry.stderr).toContain('to send: 1 (texts 1, emails 0');
    const real = await runCli(['card-update-blast', '--yes'], { home, env });
    expect(real.code).toBe(5);
    expect(real.stderr).toContain('Neither Twilio nor SMTP is connected');
  });
});

describe('invoice create --preview --html into a folder that does not exist', () => {
  const home = tempHome('trackstat-mm-html-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('exits 2 naming the path, not an internal error, and prints no preview', async () => {
    const patients = join(home, 'patients.csv');
    writeFileSync(patients, 'account,first_name,last_name\nA1,Ann,Lee\n');
    expect((await runCli(['import', 'patients', patients], { home })).code).toBe(0);
    const html = join(home, 'missing-folder', 'invoice.html');
    const r = await runCli(
      [
        'invoice',
        'create',
        '--patient',
        'A1',
        '--item',
        'Orthotics:120',
        '--preview',
        '--html',
        html,
      ],
      { home },
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`Cannot write ${html} (ENOENT).`);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toBe('');
  });
});

describe('sandbox serve and generate on places they cannot use', () => {
  const home = tempHome('trackstat-mm-sandbox-');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('serve on a port already in use exits 2 with the fix, not an internal error', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = await runCli(['sandbox', 'serve', '--port', String(port), '--patients', '10'], {
        home,
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
      expect(r.stderr).not.toContain('internal error');
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });

  it('generate --out naming an existing file exits 2 naming it', async () => {
    const file = join(home, 'not-a-folder.txt');
    writeFileSync(file, 'x');
    const r = await runCli(['sandbox', 'generate', '--out', file, '--patients', '10'], { home });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`Cannot write the practice files into ${file}`);
    expect(r.stderr).not.toContain('internal error');
  });
});
