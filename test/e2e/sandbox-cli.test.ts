import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, runCli, tempHome } from '../helpers/cli.js';

interface ServeInfo {
  fortis: {
    base_url: string;
    user_id: string;
    user_api_key: string;
    location_id: string;
    developer_id: string;
  };
  cashpractice: { base_url: string; api_key: string };
}

/** Starts `trackstat sandbox serve --json`, resolves with the printed line and the child. */
function serve(
  args: string[],
): Promise<{ info: ServeInfo; line: string; stop(): Promise<number | null> }> {
  const home = tempHome();
  const child = spawn(process.execPath, [binPath, 'sandbox', 'serve', '--json', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, TRACKSTAT_HOME: home, TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('sandbox did not start')), 30_000);
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      const line = out.slice(0, nl);
      resolve({
        info: JSON.parse(line) as ServeInfo,
        line: out,
        stop: () =>
          new Promise((done) => {
            child.on('close', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

describe('trackstat sandbox (built binary)', () => {
  it('serve --json prints one line of credentials; the headers page through contacts; 401 and 412 bodies', async () => {
    const { info, line, stop } = await serve([
      '--patients',
      '200',
      '--seed',
      '4',
      '--today',
      '2026-11-27',
    ]);
    try {
      expect(line.trim().split('\n')).toHaveLength(1);
      expect(Object.keys(info.fortis).sort()).toEqual([
        'base_url',
        'developer_id',
        'location_id',
        'user_api_key',
        'user_id',
      ]);
      expect(info.fortis.base_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fortis$/);
      expect(info.cashpractice.base_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cashpractice$/);
      const headers = {
        'user-id': info.fortis.user_id,
        'user-api-key': info.fortis.user_api_key,
        'developer-id': info.fortis.developer_id,
      };
      const page1 = (await (
        await fetch(`${info.fortis.base_url}/v1/contacts?page[size]=25&page[number]=1`, { headers })
      ).json()) as {
        list: Array<{ id: string; account_number: string | null }>;
        pagination: { total_count: number; page_count: number };
      };
      expect(page1.list).toHaveLength(25);
      expect(page1.pagination.total_count).toBeGreaterThan(150);
      const page2 = (await (
        await fetch(`${info.fortis.base_url}/v1/contacts?page[size]=25&page[number]=2`, { headers })
      ).json()) as {
        list: Array<{ id: string }>;
      };
      expect(page2.list.map((c) => c.id)).not.toContain(page1.list[0]!.id);

      const wrong = await fetch(`${info.fortis.base_url}/v1/contacts`, {
        headers: { ...headers, 'user-api-key': 'bad' },
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Invalid token',
      });
      const bad = await fetch(
        `${info.fortis.base_url}/v1/contacts?filter_by[0][key]=nope&filter_by[0][operator]==&filter_by[0][value]=1`,
        { headers },
      );
      expect(bad.status).toBe(412);
      expect(await bad.json()).toMatchObject({ statusCode: 412, title: 'Precondition Failed' });

      // `sandbox act` drives the running emulator.
      const home = tempHome();
      const origin = new URL(info.fortis.base_url).origin;
      const link = (await (
        await fetch(`${info.fortis.base_url}/v1/paylinks`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            amount_due: 100,
            contact_id: page1.list[0]!.id,
            paylink_action: 'auth-only',
            store_token: true,
          }),
        })
      ).json()) as { data: { id: string } };
      const act = await runCli(
        [
          'sandbox',
          'act',
          'use-card-link',
          link.data.id,
          '--url',
          origin,
          '--exp-month',
          '5',
          '--exp-year',
          '2031',
        ],
        { home },
      );
      expect(act.code).toBe(0);
      const result = JSON.parse(act.stdout) as {
        result: {
          token: { exp_date: string };
          transaction: { paylink_id: string; status_code: number };
        };
      };
      expect(result.result.token.exp_date).toBe('0531');
      expect(result.result.transaction).toMatchObject({
        paylink_id: link.data.id,
        status_code: 102,
      });
      const again = await runCli(
        ['sandbox', 'act', 'use-card-link', link.data.id, '--url', origin],
        { home },
      );
      expect(again.code).toBe(8);
      expect(again.stderr).toContain('already used');
      const clock = await runCli(['sandbox', 'act', 'advance-clock', '31', '--url', origin], {
        home,
      });
      expect(clock.code).toBe(0);
      expect(
        (JSON.parse(clock.stdout) as { result: { transactions: number } }).result.transactions,
      ).toBeGreaterThan(0);
      const unknown = await runCli(['sandbox', 'act', 'explode', '--url', origin], { home });
      expect(unknown.code).toBe(2);
    } finally {
      expect(await stop()).toBe(0);
    }
  });

  it('serve without --json prints the credentials and the commands to point trackstat at it', async () => {
    const home = tempHome();
    const child = spawn(
      process.execPath,
      [binPath, 'sandbox', 'serve', '--patients', '30', '--today', '2026-11-27'],
      {
        env: { PATH: process.env.PATH ?? '', HOME: home, TRACKSTAT_HOME: home, TZ: 'UTC' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        if (out.includes('report appointments')) resolve();
      });
    });
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', resolve);
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    expect(out).toMatch(/base URL +http:\/\/127\.0\.0\.1:\d+\/fortis/);
    expect(out).toContain('--user-api-key-stdin');
    expect(out).toContain('--seed 1 --patients 30 --today 2026-11-27');
    expect(out).toContain("curl -g -H 'user-id: ");
    expect(err).toContain('Sandbox stopped.');
  });

  it('generate --out writes the six EHR files, identical for the same seed', async () => {
    const home = tempHome();
    const run = async (out: string): Promise<Record<string, string>> => {
      const res = await runCli(
        [
          'sandbox',
          'generate',
          '--out',
          join(home, out),
          '--seed',
          '9',
          '--patients',
          '150',
          '--today',
          '2026-11-27',
        ],
        { home },
      );
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('appointments.csv');
      const hashes: Record<string, string> = {};
      for (const f of readdirSync(join(home, out))) {
        hashes[f] = createHash('sha256')
          .update(readFileSync(join(home, out, f)))
          .digest('hex');
      }
      return hashes;
    };
    const a = await run('a');
    const b = await run('b');
    expect(Object.keys(a).sort()).toEqual([
      'appointments.csv',
      'balances.csv',
      'charges.csv',
      'insurance.csv',
      'patients.csv',
      'plans.csv',
    ]);
    expect(b).toEqual(a);
    const bad = await runCli(
      ['sandbox', 'generate', '--out', join(home, 'c'), '--patients', 'many'],
      { home },
    );
    expect(bad.code).toBe(2);
    for (const flags of [
      ['--history-years', '0'],
      ['--history-years', '2.5'],
      ['--active-share', '0'],
      ['--active-share', '1.5'],
    ]) {
      const r = await runCli(['sandbox', 'generate', '--out', join(home, 'd'), ...flags], { home });
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toContain(flags[0]);
    }
    const clinic = await runCli(
      [
        'sandbox',
        'generate',
        '--out',
        join(home, 'clinic'),
        '--patients',
        '300',
        '--today',
        '2026-11-27',
        '--history-years',
        '4',
        '--active-share',
        '0.2',
      ],
      { home },
    );
    expect(clinic.code, clinic.stderr).toBe(0);
    const starts = readFileSync(join(home, 'clinic', 'appointments.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l)
      .map((l) => l.split(',')[2] as string)
      .sort();
    expect(starts[0]! < '2023-01-01').toBe(true);
  });
});
