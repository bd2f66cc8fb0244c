import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { binPath, runCli, tempHome, type CliResult } from '../helpers/cli.js';

// The built binary against the emulator with 2,000 patients (issue 4, "Done when"). Run
// `npm run build` first.

const tables: Record<string, string> = {
  contacts: 'processor_contacts',
  tokens: 'cards',
  recurrings: 'recurring_plans',
  transactions: 'transactions',
  'declined-recurring-transactions': 'declined_payments',
  'quick-invoices': 'invoices',
  paylinks: 'payment_links',
};

function cacheFacts(home: string): Record<string, { n: number; sum: string }> {
  const db = new Database(join(home, 'profiles', 'default', 'cache.db'), { readonly: true });
  try {
    const out: Record<string, { n: number; sum: string }> = {};
    for (const table of Object.values(tables)) {
      const ids = db
        .prepare(
          `SELECT upstream_id, raw FROM ${table} WHERE source = 'fortis' AND removed = 0 ORDER BY upstream_id`,
        )
        .all() as Array<{ upstream_id: string; raw: string }>;
      const hash = createHash('sha256');
      for (const r of ids) hash.update(`${r.upstream_id}|${r.raw}\n`);
      out[table] = { n: ids.length, sum: hash.digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}

function upstreamCounts(sb: Sandbox): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [resource, table] of Object.entries(tables)) {
    out[table] = sb.state.fortis.lists[resource as keyof typeof sb.state.fortis.lists].size;
  }
  return out;
}

function listRequests(sb: Sandbox, from: number): string[] {
  return sb.requestLog.slice(from).map((r) => `${r.method} ${r.path}`);
}

describe('sync fortis against the emulator (2,000 patients)', () => {
  let sb: Sandbox;
  let home: string;
  const env = (): Record<string, string> => ({});
  const connect = (h: string, box: Sandbox = sb): Promise<CliResult> =>
    runCli(
      [
        'connect',
        'fortis',
        '--user-id',
        box.fortis.userId,
        '--location-id',
        box.fortis.locationId,
        '--developer-id',
        box.fortis.developerId,
        '--base-url',
        box.fortis.baseUrl,
        '--user-api-key-stdin',
      ],
      { home: h, input: `${box.fortis.userApiKey}\n` },
    );
  const outputs: string[] = [];
  const record = (r: CliResult): CliResult => {
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    sb = await startSandbox({
      seed: 42,
      patients: 2000,
      processors: 'fortis',
      today: '2026-11-20',
    });
    home = tempHome();
  });
  afterAll(async () => {
    await sb.close();
  });

  it('connects, printing the location name', async () => {
    const r = record(await connect(home));
    expect(r.stderr).toContain('Connected to Fortis');
    expect(r.code).toBe(0);
    const name = String(sb.state.fortis.locations.records()[0]?.name ?? '');
    expect(r.stderr).toContain(name);
  });

  it('fills the cache on the first sync, with every upstream record', async () => {
    const r = record(await runCli(['sync', '--json'], { home, env: env() }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      resources: Array<{ resource: string; new: number; status: string }>;
    };
    expect(summary.resources.map((x) => x.status)).toEqual(Array(7).fill('ok'));
    const facts = cacheFacts(home);
    const upstream = upstreamCounts(sb);
    for (const [table, n] of Object.entries(upstream)) expect(facts[table]?.n, table).toBe(n);
    expect(facts.processor_contacts?.n).toBeGreaterThan(500);
  });

  it('makes one request per resource and changes nothing on a second sync', async () => {
    const before = sb.requestLog.length;
    const r = record(await runCli(['sync', 'fortis', '--json'], { home }));
    expect(r.code).toBe(0);
    const requests = listRequests(sb, before);
    expect(requests).toHaveLength(7);
    expect(new Set(requests).size).toBe(7);
    const summary = JSON.parse(r.stdout) as { resources: Array<{ new: number; updated: number }> };
    for (const res of summary.resources) expect([res.new, res.updated]).toEqual([0, 0]);
  });

  it('picks up exactly the records the emulator changed', async () => {
    sb.actions.touch('contacts', 6);
    sb.actions.touch('transactions', 4);
    const r = record(await runCli(['sync', '--json'], { home }));
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      resources: Array<{ resource: string; new: number; updated: number }>;
    };
    const changed = Object.fromEntries(
      summary.resources.map((x) => [x.resource, x.new + x.updated]),
    );
    expect(changed).toMatchObject({
      contacts: 6,
      transactions: 4,
      tokens: 0,
      recurrings: 0,
      paylinks: 0,
    });
  });

  // Interruptions and faults on a smaller practice (fast), with small pages (many of them).
  describe('interrupted and faulty runs (300 patients, pages of 100)', () => {
    let small: Sandbox;
    let reference: string;
    const prepare = async (): Promise<string> => {
      const h = tempHome();
      expect((await connect(h, small)).code).toBe(0);
      expect((await runCli(['config', 'set', 'sync.page_size', '100'], { home: h })).code).toBe(0);
      return h;
    };

    beforeAll(async () => {
      small = await startSandbox({
        seed: 9,
        patients: 300,
        processors: 'fortis',
        today: '2026-11-20',
      });
      reference = await prepare();
      expect(record(await runCli(['sync'], { home: reference })).code).toBe(0);
    });
    afterAll(async () => {
      await small.close();
    });

    it('survives kill -9 in the middle of a sync: the next sync equals an uninterrupted one', async () => {
      const killedHome = await prepare();
      const child = spawn(process.execPath, [binPath, 'sync', '--verbose'], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: killedHome,
          TRACKSTAT_HOME: killedHome,
          TZ: 'UTC',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      // Kill after a few pages have been fetched (the trace prints one line per request).
      await new Promise<void>((resolve) => {
        let lines = 0;
        child.stderr.on('data', (c: Buffer) => {
          const text = c.toString('utf8');
          outputs.push(text);
          lines += text.split('\n').filter((l) => l.includes('GET ')).length;
          if (lines >= 6 && child.exitCode === null) child.kill('SIGKILL');
        });
        child.on('close', () => resolve());
      });
      expect(child.signalCode).toBe('SIGKILL');
      const partial = cacheFacts(killedHome);
      expect(Object.values(partial).some((f) => f.n > 0)).toBe(true);
      const again = record(await runCli(['sync'], { home: killedHome }));
      expect(again.code).toBe(0);
      expect(cacheFacts(killedHome)).toEqual(cacheFacts(reference));
    });

    it('completes despite injected 429s and 503s', async () => {
      const h = await prepare();
      small.faults.inject({ mode: '429', count: 2, retryAfter: 1, path: '/v1/tokens' });
      small.faults.inject({ mode: '503', count: 2, path: '/v1/transactions' });
      const before = small.requestLog.length;
      const r = record(await runCli(['sync', '--json'], { home: h }));
      expect(r.code).toBe(0);
      const statuses = small.requestLog.slice(before).map((x) => x.status);
      expect(statuses.filter((st) => st === 429)).toHaveLength(2);
      expect(statuses.filter((st) => st === 503)).toHaveLength(2);
      expect(cacheFacts(h)).toEqual(cacheFacts(reference));
    });

    it('exits 3 when one list keeps failing, keeping what the others fetched', async () => {
      const h = await prepare();
      expect((await runCli(['config', 'set', 'http.max_retries', '0'], { home: h })).code).toBe(0);
      small.faults.inject({ mode: '500', count: 1, path: '/v1/paylinks' });
      const r = record(await runCli(['sync'], { home: h }));
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/fortis paylinks: FAILED/);
      expect(r.stderr).toMatch(/Some resources failed; what succeeded was saved/);
      const facts = cacheFacts(h);
      expect(facts.transactions).toEqual(cacheFacts(reference).transactions);
      expect(facts.payment_links?.n).toBe(0);
    });

    it('exits 6 with nothing half-written when the emulator is down', async () => {
      const down = await startSandbox({
        seed: 1,
        patients: 5,
        processors: 'fortis',
        today: '2026-11-20',
      });
      const h = tempHome();
      expect((await connect(h, down)).code).toBe(0);
      expect((await runCli(['config', 'set', 'http.max_retries', '2'], { home: h })).code).toBe(0);
      await down.close();
      const r = record(await runCli(['sync'], { home: h }));
      expect(r.code).toBe(6);
      expect(r.stderr).toMatch(/Could not reach Fortis/);
      for (const f of Object.values(cacheFacts(h))) expect(f.n).toBe(0);
      const db = new Database(join(h, 'profiles', 'default', 'cache.db'), { readonly: true });
      const state = db.prepare('SELECT high_water, last_success_at FROM sync_state').all();
      db.close();
      expect(state.every((x) => (x as { high_water: unknown }).high_water === null)).toBe(true);
    });
  });

  it('never lets the user API key reach a request, a log line, an output or a file it should not', () => {
    const key = sb.fortis.userApiKey;
    for (const text of outputs) expect(text).not.toContain(key);
    for (const r of sb.requestLog) expect(r.path).not.toContain(key);
    // The only file that may hold it is the private credentials file.
    for (const f of readdirSync(join(home, 'profiles', 'default'))) {
      if (f === 'credentials.json' || !f.includes('.')) continue;
      if (f.endsWith('.db') || f.endsWith('-wal') || f.endsWith('-shm')) {
        expect(readFileSync(join(home, 'profiles', 'default', f)).includes(key)).toBe(false);
      }
    }
  });
});
