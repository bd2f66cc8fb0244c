import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/home/lock.js';
import { runCli, runCliTty, tempHome } from '../helpers/cli.js';

const ESC = String.fromCharCode(27);

describe('trackstat demo', () => {
  it('prints a believable daily report as CSV when piped, and leaves other profiles alone', async () => {
    const home = tempHome();
    expect(
      (await runCli(['config', 'set', 'practice.name', 'My Real Clinic'], { home })).code,
    ).toBe(0);
    // A fixed "now" keeps the generated day (and so the flags seen) the same on every run.
    const r = await runCli(['demo'], {
      home,
      env: { TRACKSTAT_NOW: '2026-11-30T14:00:00Z' },
      timeoutMs: 120_000,
    });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(10);
    const flags = new Set(rows.flatMap((row) => (row.flags ?? '').split(' ').filter(Boolean)));
    for (const f of [
      'NO_CARD',
      'CARD_EXPIRED',
      'CARD_EXPIRING',
      'PAYMENT_DECLINED',
      'PLAN_BEHIND',
      'OVER_LIMIT',
      'NOT_SCHEDULED_NEXT',
      'BALANCE_DUE',
    ]) {
      expect(flags).toContain(f);
    }
    expect(r.stderr).toContain('trackstat --profile demo report');
    // The user's own profile is untouched: same setting, no cache created by the demo.
    const own = await runCli(['config', 'get', 'practice.name'], { home });
    expect(own.stdout.trim()).toBe('My Real Clinic');
    expect(existsSync(join(home, 'profiles', 'default', 'cache.db'))).toBe(false);
    expect(existsSync(join(home, 'profiles', 'demo', 'cache.db'))).toBe(true);
    // The demo leaves the huddle cache built, as a sync or an import would.
    const demoDb = new Database(join(home, 'profiles', 'demo', 'cache.db'), { readonly: true });
    expect(demoDb.prepare('SELECT fresh FROM huddle_cache_state').pluck().get()).toBe(1);
    expect(demoDb.prepare('SELECT count(*) FROM huddle_cache').pluck().get()).toBe(
      demoDb.prepare('SELECT count(*) FROM patients').pluck().get(),
    );
    demoDb.close();
    // The demo profile's credentials never show up in the output.
    const creds = JSON.parse(
      readFileSync(join(home, 'profiles', 'demo', 'credentials.json'), 'utf8'),
    ) as {
      fortis: { user_api_key: string };
    };
    expect(r.stdout + r.stderr).not.toContain(creds.fortis.user_api_key);
  });

  it('draws a coloured table that fits the terminal on a TTY, and re-running resets the demo', async () => {
    const home = tempHome();
    const first = await runCliTty(['demo', '--patients', '100'], {
      home,
      columns: 140,
      timeoutMs: 120_000,
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`${ESC}\\[3[123]m`));
    const lines = first.stdout
      .replace(new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g'), '')
      .split('\n')
      .filter((l) => /^ \d\d:\d\d /.test(l));
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(140);
    const again = await runCli(['demo', '--patients', '100'], { home, timeoutMs: 120_000 });
    expect(again.code).toBe(0);
    const audit = await runCli(['--profile', 'demo', 'audit', '--format', 'csv'], { home });
    // A fresh demo profile: only this run's lines in its audit trail.
    expect(audit.stdout.split('\n').filter((l) => l.includes(',demo,')).length).toBe(1);
  });

  it("a second demo while one runs exits 7 and leaves the running one's files alone", async () => {
    const home = tempHome();
    const profile = join(home, 'profiles', 'demo');
    mkdirSync(profile, { recursive: true });
    writeFileSync(join(profile, 'config.json'), '{"practice.name":"Run in progress"}');
    // This test process stands for the demo that is running.
    const lock = acquireLock({
      dir: join(profile, 'locks'),
      pid: process.pid,
      command: 'demo',
      now: new Date(),
      isAlive: () => true,
    });
    try {
      const second = await runCli(['demo', '--patients', '10'], { home, timeoutMs: 60_000 });
      expect(second.code).toBe(7);
      expect(second.stderr).toContain(String(process.pid));
      expect(readFileSync(join(profile, 'config.json'), 'utf8')).toContain('Run in progress');
    } finally {
      lock.release();
    }
  });

  it('an unknown --format exits 2 before generating or syncing anything', async () => {
    const home = tempHome();
    const r = await runCli(['demo', '--format', 'xml'], { home, timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown format "xml"');
    expect(r.stderr).not.toContain('Demo practice');
    expect(existsSync(join(home, 'profiles', 'demo', 'cache.db'))).toBe(false);
    // --profile does not move the demo; say so rather than seem to fill the clinic's profile.
    const other = await runCli(['--profile', 'main-street', 'demo', '--format', 'xml'], { home });
    expect(other.stderr).toContain('profile "main-street" is left as it is');
  });
});
