import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEhrFiles } from '../../src/sandbox/ehr-files.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { binPath, runCli, tempHome } from '../helpers/cli.js';

// The built binary against the emulator serving the provisional Cash Practice contract:
// connect → sync → cache and reports; a second sync changes nothing; kill -9 mid-sync then resume
// gives the same cache as an uninterrupted sync.

const tables = [
  'processor_contacts',
  'cards',
  'recurring_plans',
  'transactions',
  'declined_payments',
  'care_plans',
] as const;

function cachePath(home: string): string {
  return join(home, 'profiles', 'default', 'cache.db');
}

/** Row counts and a checksum of ids + content of every Cash Practice table (and the links). */
function fingerprint(home: string): Record<string, string> {
  const db = new Database(cachePath(home), { readonly: true });
  try {
    const out: Record<string, string> = {};
    for (const t of tables) {
      const rows = db
        .prepare(
          `SELECT upstream_id, raw, removed FROM ${t} WHERE source = 'cashpractice' ORDER BY upstream_id`,
        )
        .all() as Array<{ upstream_id: string; raw: string; removed: number }>;
      const hash = createHash('sha256');
      for (const r of rows) hash.update(`${r.upstream_id}\u0000${r.raw}\u0000${r.removed}\n`);
      out[t] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`;
    }
    const links = db
      .prepare(
        `SELECT l.upstream_id, p.account, l.method FROM patient_links l JOIN patients p ON p.id = l.patient_id
         WHERE l.source = 'cashpractice' ORDER BY l.upstream_id`,
      )
      .all();
    out.links = `${links.length}:${createHash('sha256').update(JSON.stringify(links)).digest('hex').slice(0, 16)}`;
    return out;
  } finally {
    db.close();
  }
}

function count(home: string, sql: string): number {
  const db = new Database(cachePath(home), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('trackstat with Cash Practice (emulator, built binary)', () => {
  let sandbox: Sandbox;
  let ehrDir: string;
  const homes: string[] = [];
  let home: string;

  async function connectedHome(): Promise<string> {
    const h = tempHome('trackstat-cp-e2e-');
    homes.push(h);
    const connect = await runCli(
      ['connect', 'cashpractice', '--api-key-stdin', '--base-url', sandbox.cashpractice.baseUrl],
      { home: h, input: `${sandbox.cashpractice.apiKey}\n` },
    );
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stderr).toContain(sandbox.state.practice.practiceName);
    expect(connect.stderr + connect.stdout).not.toContain(sandbox.cashpractice.apiKey);
    const setRules = await runCli(
      ['config', 'set', 'memberships.rules', 'Wellness Monthly=4/month;Wellness Weekly=1/week'],
      { home: h },
    );
    expect(setRules.code, setRules.stderr).toBe(0);
    return h;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 5, patients: 600, processors: 'cashpractice' });
    ehrDir = mkdtempSync(join(tmpdir(), 'trackstat-cp-ehr-'));
    await writeEhrFiles(sandbox.state.practice, ehrDir);
    home = await connectedHome();
  });
  afterAll(async () => {
    await sandbox.close();
    for (const h of [...homes, ehrDir]) rmSync(h, { recursive: true, force: true });
  });

  it('rejects a wrong key with exit 5 and the Integrated TPS Keys hint', async () => {
    const h = tempHome('trackstat-cp-bad-');
    homes.push(h);
    const res = await runCli(
      ['connect', 'cashpractice', '--api-key-stdin', '--base-url', sandbox.cashpractice.baseUrl],
      { home: h, input: 'not-the-key\n' },
    );
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('Integrated TPS Keys');
    expect(res.stderr).not.toContain('not-the-key');
  });

  it('without a terminal and without a key, exits 4 naming --api-key-stdin', async () => {
    const h = tempHome('trackstat-cp-noinput-');
    homes.push(h);
    const res = await runCli(['connect', 'cashpractice'], { home: h });
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('--api-key-stdin');
  });

  it('connect → import → sync fills the cache; a second sync changes nothing', async () => {
    const imported = await runCli(['import', '--dir', ehrDir], { home });
    expect(imported.code, imported.stderr).toBe(0);
    const first = await runCli(['sync', 'cashpractice', '--json'], { home });
    expect(first.code, first.stderr).toBe(0);
    const lists = sandbox.state.cashpractice.lists;
    expect(count(home, `SELECT count(*) n FROM cards WHERE source = 'cashpractice'`)).toBe(
      lists['billing-methods'].size,
    );
    expect(count(home, `SELECT count(*) n FROM recurring_plans WHERE paid_up = 0`)).toBe(
      sandbox.state.practice.cashpractice.autoDebits.filter((a) => a.paid_up === false).length,
    );
    expect(
      count(
        home,
        `SELECT count(*) n FROM care_plans WHERE source = 'cashpractice' AND kind = 'membership'`,
      ),
    ).toBeGreaterThan(0);
    expect(
      count(
        home,
        `SELECT count(*) n FROM patient_links WHERE source = 'cashpractice' AND method = 'exact'`,
      ),
    ).toBe(sandbox.state.practice.cashpractice.patients.filter((p) => p.tps_id).length);

    const before = fingerprint(home);
    const requests = sandbox.requestLog.length;
    const second = await runCli(['sync', 'cashpractice', '--json', '--verbose'], { home });
    expect(second.code, second.stderr).toBe(0);
    // --verbose traces every call, never the key.
    expect(second.stderr).toContain('/cashpractice/v1/transactions');
    expect(second.stderr + second.stdout).not.toContain(sandbox.cashpractice.apiKey);
    expect(sandbox.requestLog.length - requests).toBe(5);
    expect(fingerprint(home)).toEqual(before);
  });

  it('kill -9 in the middle of a sync, then sync again: the same cache as without the kill', async () => {
    const h = await connectedHome();
    await runCli(['config', 'set', 'sync.page_size', '50'], { home: h });
    const child = spawn(process.execPath, [binPath, 'sync', 'cashpractice'], {
      env: { PATH: process.env.PATH ?? '', HOME: h, TRACKSTAT_HOME: h, TZ: 'UTC' },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Kill once some pages are written but well before the end.
    const started = sandbox.requestLog.length;
    const deadline = Date.now() + 20_000;
    while (sandbox.requestLog.length - started < 40 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    const partial = count(h, `SELECT count(*) n FROM transactions`);
    const resumed = await runCli(['sync', 'cashpractice'], { home: h });
    expect(resumed.code, resumed.stderr).toBe(0);
    // The kill came mid-way: transactions were still being read.
    expect(partial).toBeLessThan(sandbox.state.cashpractice.lists.transactions.size);
    // Same content as the uninterrupted home, which also imported the EHR side: compare processor
    // tables only (links differ: this home has no EHR patients, so it links processor-only).
    const a = fingerprint(home);
    const b = fingerprint(h);
    for (const t of tables) expect(b[t], t).toBe(a[t]);
  });

  it('the reports work on Cash Practice data: plans behind, cards, memberships', async () => {
    const plans = await runCli(['report', 'plans', '--behind', '--format', 'json'], { home });
    expect(plans.code, plans.stderr).toBe(0);
    const behind = JSON.parse(plans.stdout) as Array<Record<string, unknown>>;
    expect(behind.length).toBeGreaterThan(0);
    expect(behind.every((r) => Number(r.amount_behind_cents) > 0)).toBe(true);
    // Plans carry their care plan's name, not the auto-debit group.
    expect(behind.some((r) => r.plan === 'Care Plans' || r.plan === 'Memberships')).toBe(false);

    const cards = await runCli(['report', 'cards', '--format', 'json'], { home });
    expect(cards.code, cards.stderr).toBe(0);
    expect((JSON.parse(cards.stdout) as unknown[]).length).toBeGreaterThan(0);

    const members = await runCli(['report', 'memberships', '--format', 'json'], { home });
    expect(members.code, members.stderr).toBe(0);
    const rows = JSON.parse(members.stdout) as Array<Record<string, unknown>>;
    const memberNames = new Set(rows.map((r) => String(r.patient)));
    const cp = sandbox.state.practice;
    const wellness = cp.cashpractice.carePlans.filter(
      (c) =>
        c.type === 'wellness' &&
        cp.cashpractice.autoDebits.some(
          (a) => a.care_plan_id === c.id && a.payments_total === null && a.status === 'active',
        ),
    );
    expect(wellness.length).toBeGreaterThan(0);
    // Every Cash Practice member on an active indefinite auto-debit is listed.
    for (const plan of wellness) {
      const patient = cp.cashpractice.patients.find(
        (p) => p.id === (plan.patient_ids as string[])[0],
      );
      expect(memberNames.has(`${String(patient?.first_name)} ${String(patient?.last_name)}`)).toBe(
        true,
      );
    }
  });
});
