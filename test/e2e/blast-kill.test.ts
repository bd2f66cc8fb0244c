import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { binPath, runCli, tempHome } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

// Exactly-once under kill -9: a blast of 200 emails is killed part-way; the re-run sends the rest
// and nobody gets the message twice.

const now = '2026-03-10T15:00:00Z';
const count = 200;

describe('card-update-blast killed mid-run (built binary)', () => {
  let sandbox: Sandbox;
  let smtp: SmtpSink;
  let home: string;
  let env: Record<string, string>;
  let listFile: string;

  const cli = (args: string[]) => runCli(args, { home, env });

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 3,
      patients: 5,
      processors: 'fortis',
      today: '2026-03-10',
      timezone: 'UTC',
    });
    smtp = await startSmtpSink();
    home = tempHome('trackstat-blast-kill-');
    env = {
      TRACKSTAT_NOW: now,
      TRACKSTAT_FORTIS_USER_ID: sandbox.fortis.userId,
      TRACKSTAT_FORTIS_USER_API_KEY: sandbox.fortis.userApiKey,
      TRACKSTAT_FORTIS_LOCATION_ID: sandbox.fortis.locationId,
      TRACKSTAT_FORTIS_DEVELOPER_ID: sandbox.fortis.developerId,
      TRACKSTAT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?from=desk@clinic.test`,
    };
    for (const [k, v] of [
      ['timezone', 'UTC'],
      ['practice.name', 'Main Street Chiro'],
      ['fortis.base_url', sandbox.fortis.baseUrl],
      ['messaging.email_per_second', '50'],
    ] as const) {
      const r = await cli(['config', 'set', k, v]);
      expect(r.code, r.stderr).toBe(0);
    }
    const rows = ['account,first_name,last_name,email,active'];
    const accounts: string[] = [];
    for (let i = 1; i <= count; i++) {
      const account = `K${String(i).padStart(3, '0')}`;
      accounts.push(account);
      rows.push(`${account},Pat,Number${i},pat${i}@example.test,true`);
    }
    const csv = join(home, 'patients.csv');
    writeFileSync(csv, `${rows.join('\n')}\n`);
    listFile = join(home, 'accounts.txt');
    writeFileSync(listFile, `${accounts.join('\n')}\n`);
    const imported = await cli(['import', 'patients', csv]);
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await sandbox.close();
    await smtp.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('re-running after kill -9 sends the rest and never a duplicate', async () => {
    const args = ['card-update-blast', '--patients-file', listFile, '--channel', 'email', '--yes'];
    const child = spawn(process.execPath, [binPath, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, TRACKSTAT_HOME: home, TZ: 'UTC', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    const deadline = Date.now() + 30_000;
    while (smtp.mails.length < 40 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited;
    const firstRun = smtp.mails.length;
    expect(firstRun, stderr).toBeGreaterThanOrEqual(40);
    expect(firstRun, 'the kill came too late to test anything').toBeLessThan(count);

    const rerun = await cli(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('resuming an unfinished run');

    const perAddress = new Map<string, number>();
    for (const m of smtp.mails) {
      const to = m.to && 'text' in m.to ? m.to.text : '';
      perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    }
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    const db = new Database(join(home, 'profiles', 'default', 'cache.db'), { readonly: true });
    const statuses = db
      .prepare('SELECT status, count(*) AS n FROM messages GROUP BY status')
      .all() as Array<{ status: string; n: number }>;
    const links = db.prepare(`SELECT count(*) FROM payment_links`).pluck().get() as number;
    db.close();
    const byStatus = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    // At most the messages in flight at the kill (four) are unknown: delivered or not, never resent.
    expect((byStatus.sent ?? 0) + (byStatus.unknown ?? 0)).toBe(count);
    expect(byStatus.unknown ?? 0).toBeLessThanOrEqual(4);
    expect(perAddress.size).toBeGreaterThanOrEqual(count - 4);
    // One link per patient, even for the one being made when the process died.
    expect(links).toBe(count);
    expect(sandbox.state.fortis.lists.paylinks.size).toBeGreaterThanOrEqual(count);
  });
});
