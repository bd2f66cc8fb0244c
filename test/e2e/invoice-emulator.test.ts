import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.js';
import { runCli } from '../helpers/cli.js';
import { startEmulatorPractice, type EmulatorPractice } from '../helpers/emulator-practice.js';
import { startCliTty } from '../helpers/tty.js';
import { startTwilioRecorder, type TwilioRecorder } from '../helpers/twilio-recorder.js';

// The built binary against the emulator: invoice create → link → the patient pays → sync →
// `invoice list --status paid`; a run that died after Fortis made the invoice is resumed, not
// duplicated; non-interactive flags and their exit codes.

const today = '2026-03-10';
const now = `${today}T15:00:00Z`;

describe('trackstat invoice (emulator, built binary)', () => {
  let practice: EmulatorPractice;
  let twilio: TwilioRecorder;
  // The practice's parts, under the names the tests use.
  let sandbox: Sandbox;
  let home: string;
  let ehrDir: string;
  let env: Record<string, string>;
  const cli = (args: string[]) => practice.cli(args);
  const query = <T>(sql: string, ...params: unknown[]): T[] => practice.query<T>(sql, ...params);
  const write = (sql: string, ...params: unknown[]): void => practice.write(sql, ...params);
  /** Accounts of patients linked to a Fortis contact who have unpaid, uninvoiced charges. */
  const invoiceable = (): string[] =>
    query<{ account: string }>(
      `SELECT p.account FROM patients p
        WHERE EXISTS (SELECT 1 FROM patient_links l WHERE l.patient_id = p.id AND l.source = 'fortis')
          AND EXISTS (SELECT 1 FROM charges c WHERE c.patient_id = p.id AND c.paid_cents < c.fee_cents
                        AND c.invoice_id IS NULL AND c.removed = 0)
          AND p.mobile IS NOT NULL AND p.sms_consent_at IS NOT NULL AND p.do_not_contact = 0
        ORDER BY p.account`,
    ).map((r) => r.account);

  /** Creates an invoice of all unpaid charges for an invoiceable patient (--yes); its local id. */
  const createOpenInvoice = async () => {
    const [account] = invoiceable();
    if (!account) throw new Error('need an invoiceable patient');
    const created = await cli([
      'invoice',
      'create',
      '--patient',
      account,
      '--charges',
      'all-unpaid',
      '--yes',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const [row] = query<{ id: number }>(
      `SELECT id FROM invoices WHERE patient_id = (SELECT id FROM patients WHERE account = ?) AND status = 'open'`,
      account,
    );
    return { account, created, id: row?.id };
  };

  beforeAll(async () => {
    practice = await startEmulatorPractice({
      seed: 11,
      patients: 60,
      today,
      now,
      name: 'trackstat-inv-e2e',
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

  it('create → text the link → the patient pays → sync → listed as paid; its charges are no longer offered', async () => {
    const [account] = invoiceable();
    if (!account) throw new Error('the generated practice has no invoiceable patient');
    const created = await cli([
      'invoice',
      'create',
      '--patient',
      account,
      '--charges',
      'all-unpaid',
      '--send',
      'sms',
      '--yes',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const url = created.stdout.trim();
    expect(url).toMatch(/^https?:\/\//);
    expect(created.stderr).toContain('about 30 minutes');
    const [row] = query<{ id: number; upstream_id: string; status: string; api_id: string }>(
      `SELECT i.id, i.upstream_id, i.status, i.api_id FROM invoices i JOIN patients p ON p.id = i.patient_id
        WHERE p.account = ?`,
      account,
    );
    expect(row).toMatchObject({ status: 'open' });
    expect(sandbox.state.fortis.quickInvoiceApiIds.get(row?.api_id ?? '')).toBe(row?.upstream_id);
    expect(twilio.texts).toHaveLength(1);
    expect(twilio.texts[0]?.body).toContain(url);
    expect(twilio.texts[0]?.body).toContain('Main Street Chiro');

    sandbox.actions.payQuickInvoice(row?.upstream_id ?? '');
    const synced = await cli(['sync', 'fortis']);
    expect(synced.code, synced.stderr).toBe(0);

    const paid = await cli(['invoice', 'list', '--status', 'paid', '--format', 'json']);
    expect(paid.code, paid.stderr).toBe(0);
    const list = JSON.parse(paid.stdout) as Array<{ id: number; status: string; account: string }>;
    // The generated practice may already hold paid quick invoices of its own; ours must be among them.
    expect(list).toContainEqual(expect.objectContaining({ id: row?.id, status: 'paid', account }));
    // One row for the invoice: the synced quick invoice updated the row created here.
    expect(query(`SELECT id FROM invoices WHERE upstream_id = ?`, row?.upstream_id)).toHaveLength(
      1,
    );
    expect(invoiceable()).not.toContain(account);
    const again = await cli([
      'invoice',
      'create',
      '--patient',
      account,
      '--charges',
      'all-unpaid',
      '--yes',
    ]);
    expect(again.code, again.stderr).toBe(2);
    expect(again.stderr).toContain('Nothing to invoice');

    const shown = await cli(['invoice', 'show', String(row?.id)]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/Status\s+paid/);
  });

  it('a run killed after Fortis created the invoice is found again by a rerun, not duplicated', async () => {
    const [, account] = invoiceable();
    if (!account) throw new Error('need a second invoiceable patient');
    const args = ['invoice', 'create', '--patient', account, '--charges', 'all-unpaid', '--yes'];
    const first = await cli(args);
    expect(first.code, first.stderr).toBe(0);
    const before = sandbox.state.fortis.lists['quick-invoices'].size;
    // As if the process died right after Fortis answered: the local row is still a draft.
    write(
      `UPDATE invoices SET status = 'draft', upstream_id = NULL, payment_url = NULL
        WHERE patient_id = (SELECT id FROM patients WHERE account = ?)`,
      account,
    );
    const rerun = await cli(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout.trim()).toBe(first.stdout.trim());
    expect(rerun.stderr).toContain('completed, not duplicated');
    expect(sandbox.state.fortis.lists['quick-invoices'].size).toBe(before);
    const rows = query<{ status: string }>(
      `SELECT status FROM invoices WHERE patient_id = (SELECT id FROM patients WHERE account = ?)`,
      account,
    );
    expect(rows).toEqual([{ status: 'open' }]);
  });

  it('previews with a printable page and creates nothing; the flags exit 2/4 as documented', async () => {
    const [, , account] = invoiceable();
    if (!account) throw new Error('need a third invoiceable patient');
    const html = join(ehrDir, 'preview.html');
    const count = () => sandbox.state.fortis.lists['quick-invoices'].size;
    const before = count();
    const preview = await cli([
      'invoice',
      'create',
      '--patient',
      account,
      '--item',
      'Orthotics <custom>:120',
      '--preview',
      '--html',
      html,
    ]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Main Street Chiro');
    expect(readFileSync(html, 'utf8')).toContain('Orthotics &lt;custom&gt;');
    expect(count()).toBe(before);

    const noItems = await cli(['invoice', 'create', '--patient', account]);
    expect(noItems.code, noItems.stderr).toBe(4);
    expect(noItems.stderr).toContain('--charges all-unpaid');
    const noYes = await cli(['invoice', 'create', '--patient', account, '--item', 'Exam:40']);
    expect(noYes.code, noYes.stderr).toBe(4);
    expect(noYes.stderr).toContain('--yes');
    const negative = await cli([
      'invoice',
      'create',
      '--patient',
      account,
      '--item',
      'Credit:-40',
      '--yes',
    ]);
    expect(negative.code, negative.stderr).toBe(2);
    const unknown = await cli([
      'invoice',
      'create',
      '--patient',
      'zzzz-nobody',
      '--item',
      'Exam:40',
    ]);
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(count()).toBe(before);
  });

  it('void deletes the quick invoice and frees its charges', async () => {
    const { account, id } = await createOpenInvoice();
    expect(invoiceable()).not.toContain(account);
    const voided = await cli(['invoice', 'void', String(id), '--yes']);
    expect(voided.code, voided.stderr).toBe(0);
    expect(invoiceable()).toContain(account);
    const open = await cli(['invoice', 'list', '--status', 'open', '--format', 'json']);
    expect((JSON.parse(open.stdout) as Array<{ id: number }>).map((r) => r.id)).not.toContain(id);
  });

  it('resend asks like every command that sends: exit 4 without a terminal, --yes sends the link again', async () => {
    const { created, id } = await createOpenInvoice();
    const url = created.stdout.trim();
    const before = twilio.texts.length;
    const asked = await cli(['invoice', 'resend', String(id), '--send', 'sms']);
    expect(asked.code).toBe(4);
    expect(asked.stderr).toContain('--yes');
    expect(twilio.texts).toHaveLength(before);
    const resent = await cli(['invoice', 'resend', String(id), '--send', 'sms', '--yes']);
    expect(resent.code, resent.stderr).toBe(0);
    expect(resent.stderr).toContain(`Invoice ${id} sent again.`);
    expect(twilio.texts).toHaveLength(before + 1);
    expect(twilio.texts.at(-1)?.body).toContain(url);
  });

  it('on a terminal: tick the services, change an amount, confirm', async () => {
    const [account] = query<{ account: string }>(
      `SELECT p.account FROM patients p
        WHERE EXISTS (SELECT 1 FROM patient_links l WHERE l.patient_id = p.id AND l.source = 'fortis')
          AND (SELECT count(*) FROM charges c WHERE c.patient_id = p.id AND c.paid_cents < c.fee_cents
                 AND c.invoice_id IS NULL AND c.removed = 0) = 1
        ORDER BY p.account LIMIT 1`,
    ).map((r) => r.account);
    if (!account) throw new Error('need a patient with exactly one unpaid service');
    const run = startCliTty(['invoice', 'create', '--patient', account], { home, env });
    await run.waitFor('Services to invoice');
    run.type('\r');
    await run.waitFor('Amount for');
    run.type('12.34\r');
    await run.waitFor('Create this invoice?');
    run.type('\r');
    expect(await run.exited).toBe(0);
    expect(run.screen()).toContain('about 30 minutes');
    const rows = query<{ total_cents: number; status: string; payment_url: string }>(
      `SELECT total_cents, status, payment_url FROM invoices
        WHERE patient_id = (SELECT id FROM patients WHERE account = ?) AND status <> 'void'`,
      account,
    );
    expect(rows).toEqual([expect.objectContaining({ total_cents: 1234, status: 'open' })]);
    expect(run.screen()).toContain(rows[0]?.payment_url ?? '-');
  });
});
