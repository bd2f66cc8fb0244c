import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/home/config.js';
import { CredentialStore } from '../../src/home/secrets.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { runSync } from '../../src/sync/run-sync.js';
import { createTestIo } from '../helpers/io.js';

// The Cash Practice source against the project's emulator (provisional contract), in-process.

describe('Cash Practice sync against the emulator', () => {
  let sandbox: Sandbox;
  let dir: string;
  let db: Db;
  let config: ConfigStore;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11, patients: 300, processors: 'cashpractice' });
    dir = mkdtempSync(join(tmpdir(), 'cp-emu-'));
    db = openDatabase(join(dir, 'cache.db'));
    config = new ConfigStore(join(dir, 'config.json'));
    config.set('cashpractice.base_url', sandbox.cashpractice.baseUrl);
    config.set('sync.page_size', '100');
    config.set('memberships.rules', 'Wellness Monthly=4/month;Wellness Weekly=1/week');
    // The EHR side: the same people with their account numbers (what `import patients` would write).
    const insert = db.prepare(
      `INSERT INTO patients (account, source, first_name, last_name, email, norm_email, created_at, updated_at)
       VALUES (?, 'ehr', ?, ?, ?, lower(?), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    );
    for (const p of sandbox.state.practice.patients) {
      insert.run(p.account, p.firstName, p.lastName, p.email || null, p.email || null);
    }
  });
  afterAll(async () => {
    db.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function sync() {
    const { io } = createTestIo({
      now: new Date(),
      env: { TRACKSTAT_CASHPRACTICE_API_KEY: sandbox.cashpractice.apiKey },
    });
    const credentials = new CredentialStore(join(dir, 'credentials.json'), io.env, io.masker);
    return runSync({ source: 'cashpractice', full: false }, { db, io, config, credentials });
  }
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const cp = () => sandbox.state.practice.cashpractice;

  it('fills the cache with every record, plans behind and memberships; links by TPS id', async () => {
    const report = await sync();
    expect(report.exitCode).toBe(0);
    const lists = sandbox.state.cashpractice.lists;
    expect(count(`SELECT count(*) n FROM processor_contacts WHERE source = 'cashpractice'`)).toBe(
      lists.patients.size,
    );
    expect(count(`SELECT count(*) n FROM cards WHERE source = 'cashpractice'`)).toBe(
      lists['billing-methods'].size,
    );
    expect(count(`SELECT count(*) n FROM recurring_plans WHERE source = 'cashpractice'`)).toBe(
      lists['auto-debits'].size,
    );
    expect(count(`SELECT count(*) n FROM transactions WHERE source = 'cashpractice'`)).toBe(
      lists.transactions.size,
    );
    const notPaidUp = cp().autoDebits.filter((a) => a.paid_up === false).length;
    expect(notPaidUp).toBeGreaterThan(0);
    expect(count(`SELECT count(*) n FROM recurring_plans WHERE paid_up = 0`)).toBe(notPaidUp);
    // Every plan that is not paid up has at least one unpaid declined payment to show as behind.
    expect(
      count(`SELECT count(DISTINCT plan_id) n FROM declined_payments WHERE status = 'unpaid'`),
    ).toBeGreaterThan(0);
    const indefiniteWellness = cp().carePlans.filter(
      (c) =>
        c.type === 'wellness' &&
        cp().autoDebits.some((a) => a.care_plan_id === c.id && a.payments_total === null),
    ).length;
    expect(indefiniteWellness).toBeGreaterThan(0);
    expect(count(`SELECT count(*) n FROM care_plans WHERE kind = 'membership'`)).toBe(
      indefiniteWellness,
    );
    const withTps = cp().patients.filter((p) => p.tps_id).length;
    expect(
      count(
        `SELECT count(*) n FROM patient_links WHERE source = 'cashpractice' AND method = 'exact'`,
      ),
    ).toBe(withTps);
  });

  it('makes one request per resource and changes nothing when nothing changed', async () => {
    const before = sandbox.requestLog.length;
    const report = await sync();
    expect(report.exitCode).toBe(0);
    expect(sandbox.requestLog.length - before).toBe(5);
    expect(report.resources.every((r) => r.inserted === 0 && r.updated === 0)).toBe(true);
  });

  it('picks up touched records and survives a 429 with Retry-After', async () => {
    sandbox.actions.touch('cashpractice:patients', 3);
    sandbox.faults.inject({ mode: '429', count: 1, retryAfter: 1, path: '/v1/patients' });
    const report = await sync();
    expect(report.exitCode).toBe(0);
    const patients = report.resources.find((r) => r.resource === 'patients')!;
    expect(patients.updated).toBe(3);
    expect(sandbox.requestLog.some((r) => r.status === 429)).toBe(true);
  });
});
