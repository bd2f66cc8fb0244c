import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { paywallApiId, planPaywall } from '../../src/paywall/plan.js';
import { reconcilePaywall } from '../../src/paywall/reconcile.js';
import { refundCandidates } from '../../src/paywall/refunds.js';
import { recordLinkCreated, reserveLink } from '../../src/paywall/links.js';
import { markExported, postedPayments } from '../../src/paywall/posted-payments.js';
import { listRules, removeRule, resolveAppointmentType, setRule } from '../../src/paywall/rules.js';
import { parseRuleOptions } from '../../src/paywall/rule-options.js';
import { runPaywall, type PaywallMessage } from '../../src/paywall/run.js';
import { TrackstatError } from '../../src/errors.js';
import { UnavailableError } from '../../src/integrations/errors.js';

const now = new Date('2026-03-10T14:00:00Z');
const stamp = now.toISOString();

function freshDb(): Db {
  return openDatabase(join(mkdtempSync(join(tmpdir(), 'paywall-')), 'cache.db'));
}

function addPatient(db: Db, id: number, account: string, first: string): void {
  db.prepare(
    `INSERT INTO patients (id, account, first_name, last_name, email, mobile, created_at, updated_at)
     VALUES (?, ?, ?, 'Test', ?, '+15550000000', ?, ?)`,
  ).run(id, account, first, `${first.toLowerCase()}@example.com`, stamp, stamp);
}

function addAppointment(
  db: Db,
  id: string,
  patientId: number,
  startUtc: string,
  type: string,
  status = 'future',
): void {
  db.prepare(
    `INSERT INTO appointments (id, patient_id, start_local, local_date, start_utc, type, status, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, patientId, startUtc.slice(0, 16), startUtc.slice(0, 10), startUtc, type, status, stamp);
}

describe('pay-wall rules', () => {
  let db: Db;
  beforeEach(() => {
    db = freshDb();
    addPatient(db, 1, 'A1', 'Ann');
    addAppointment(db, 'x1', 1, '2026-03-11T15:00:00.000Z', 'New Patient');
    addAppointment(db, 'x2', 1, '2026-03-12T15:00:00.000Z', 'Massage');
  });

  it('accepts imported types ignoring case and punctuation, and suggests near misses (exit 2)', () => {
    expect(resolveAppointmentType(db, 'new patient')).toBe('New Patient');
    expect(resolveAppointmentType(db, 'new-patient')).toBe('New Patient');
    try {
      resolveAppointmentType(db, 'New Patent');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TrackstatError);
      expect((err as TrackstatError).exitCode).toBe(2);
      expect((err as TrackstatError).hint).toContain('Did you mean "New Patient"');
    }
  });

  it('sets, replaces, lists and removes rules', () => {
    setRule(
      db,
      { type: 'New Patient', amountCents: 7500, mode: 'deposit', dueWithinMinutes: 1440 },
      now,
    );
    setRule(
      db,
      { type: 'New Patient', amountCents: 9000, mode: 'full', dueWithinMinutes: 60 },
      now,
    );
    expect(listRules(db)).toEqual([
      {
        type: 'New Patient',
        amountCents: 9000,
        mode: 'full',
        dueWithinMinutes: 60,
        createdAt: stamp,
      },
    ]);
    expect(removeRule(db, 'new patient')).toBe('New Patient');
    expect(listRules(db)).toEqual([]);
    expect(() => removeRule(db, 'Massage')).toThrow(/no pay-wall rule/);
  });

  it('parses rule flags and refuses bad ones', () => {
    expect(parseRuleOptions({ amount: '$75', dueWithin: '2d' })).toEqual({
      amountCents: 7500,
      mode: 'deposit',
      dueWithinMinutes: 2880,
    });
    expect(() => parseRuleOptions({ amount: '0' })).toThrow(/more than zero/);
    expect(() => parseRuleOptions({ amount: '75', mode: 'half' })).toThrow(/deposit or full/);
    expect(() => parseRuleOptions({ amount: '75', dueWithin: 'soon' })).toThrow(/duration/);
  });
});

describe('pay-wall run, reconciliation and posting', () => {
  let db: Db;
  beforeEach(() => {
    db = freshDb();
    addPatient(db, 1, 'A1', 'Ann');
    addPatient(db, 2, 'B2', 'Bob');
    addAppointment(db, 'a1', 1, '2026-03-11T15:00:00.000Z', 'New Patient');
    addAppointment(db, 'b1', 2, '2026-03-12T15:00:00.000Z', 'new patient');
    addAppointment(db, 'b2', 2, '2026-03-12T16:00:00.000Z', 'Adjustment');
    addAppointment(db, 'old', 1, '2026-03-09T15:00:00.000Z', 'New Patient');
    addAppointment(db, 'far', 1, '2026-04-30T15:00:00.000Z', 'New Patient');
    db.prepare(
      `INSERT INTO patient_links (source, upstream_id, patient_id, method, linked_at) VALUES ('fortis', 'c-ann', 1, 'exact', ?)`,
    ).run(stamp);
    setRule(
      db,
      { type: 'New Patient', amountCents: 7500, mode: 'deposit', dueWithinMinutes: 1440 },
      now,
    );
  });

  const options = { horizonMinutes: 7 * 1440, timeZone: 'UTC', source: 'fortis' as const };

  it('plans one link per upcoming pay-walled appointment within the horizon', () => {
    const plan = planPaywall(db, { now, ...options });
    expect(plan.map((p) => p.appointmentId)).toEqual(['a1', 'b1']);
    expect(plan[0]).toMatchObject({
      contactId: 'c-ann',
      amountCents: 7500,
      apiId: paywallApiId('a1'),
      dueAt: '2026-03-10T15:00:00.000Z',
      existing: null,
    });
    expect(paywallApiId('a1')).toMatch(/^[a-z0-9]{32}$/);
    expect(paywallApiId('a1')).toBe(paywallApiId('a1'));
    expect(paywallApiId('a1')).not.toBe(paywallApiId('b1'));
  });

  it('creates each link once and asks messaging to send; a rerun creates nothing new', async () => {
    const created: string[] = [];
    const sentBatches: PaywallMessage[][] = [];
    const deps = {
      db,
      now: () => now,
      confirm: async () => true,
      paylinks: async () => ({
        source: 'fortis' as const,
        create: async (r: { apiId: string }) => {
          created.push(r.apiId);
          return { upstreamId: `pl-${created.length}`, url: `https://pay.example/${r.apiId}` };
        },
      }),
      sender: async () => ({
        send: async (m: PaywallMessage[]) => {
          sentBatches.push(m);
          return { sent: m.length, skipped: 0, failed: 0, reasons: {} };
        },
      }),
      info: () => undefined,
    };
    const first = await runPaywall({ dryRun: false, ...options }, deps);
    expect(first.created).toBe(2);
    expect(sentBatches[0]?.map((m) => m.url)).toEqual([
      `https://pay.example/${paywallApiId('a1')}`,
      `https://pay.example/${paywallApiId('b1')}`,
    ]);
    const second = await runPaywall({ dryRun: false, ...options }, deps);
    expect(second.created).toBe(0);
    expect(second.reused).toBe(2);
    expect(created).toHaveLength(2);
    expect(
      (
        db.prepare("SELECT count(*) AS n FROM payment_links WHERE purpose = 'paywall'").get() as {
          n: number;
        }
      ).n,
    ).toBe(2);

    const dry = await runPaywall(
      { dryRun: true, ...options },
      {
        ...deps,
        confirm: async () => {
          throw new Error('a dry run never asks');
        },
      },
    );
    expect(dry.plan).toHaveLength(2);
    expect(dry.confirmed).toBe(false);
  });

  it('stops creating links once Fortis stays down (each would wait out its own retries); the next run resumes', async () => {
    const calls: string[] = [];
    let down = true;
    const deps = {
      db,
      now: () => now,
      confirm: async () => true,
      paylinks: async () => ({
        source: 'fortis' as const,
        create: async (r: { apiId: string }) => {
          calls.push(r.apiId);
          if (down)
            throw new UnavailableError('Fortis is unavailable (HTTP 503).', { provider: 'fortis' });
          return { upstreamId: `pl-${r.apiId}`, url: `https://pay.example/${r.apiId}` };
        },
      }),
      sender: async () => ({
        send: async (m: PaywallMessage[]) => ({
          sent: m.length,
          skipped: 0,
          failed: 0,
          reasons: {},
        }),
      }),
      info: () => undefined,
    };
    const first = await runPaywall({ dryRun: false, ...options }, deps);
    expect(calls).toEqual([paywallApiId('a1')]);
    expect(first.linkFailures.map((f) => f.appointmentId)).toEqual(['a1']);
    expect(first.stopped?.notAttempted).toBe(1);
    expect((first.stopped?.error as UnavailableError).exitCode).toBe(6);
    down = false;
    const second = await runPaywall({ dryRun: false, ...options }, deps);
    expect(second.created).toBe(2);
    expect(second.stopped).toBeNull();
  });

  it('a link row written before a killed call is retried with the same api id', async () => {
    const plan = planPaywall(db, { now, ...options });
    const item = plan[0];
    if (!item) throw new Error('no plan');
    reserveLink(db, item, 'fortis', now); // the run died here, before the processor answered
    const seen: string[] = [];
    await runPaywall(
      { dryRun: false, ...options },
      {
        db,
        now: () => now,
        confirm: async () => true,
        paylinks: async () => ({
          source: 'fortis' as const,
          create: async (r: { apiId: string }) => {
            seen.push(r.apiId);
            return { upstreamId: `pl-${r.apiId}`, url: `https://pay.example/${r.apiId}` };
          },
        }),
        sender: async () => ({
          send: async () => ({ sent: 0, skipped: 0, failed: 0, reasons: {} }),
        }),
        info: () => undefined,
      },
    );
    expect(seen).toContain(paywallApiId('a1'));
    const rows = db
      .prepare("SELECT api_id, status FROM payment_links WHERE appointment_id = 'a1'")
      .all();
    expect(rows).toEqual([{ api_id: paywallApiId('a1'), status: 'open' }]);
  });

  it('posts a link synced as paid before its transaction, then fills in the transaction id', () => {
    const [item] = planPaywall(db, { now, ...options });
    if (!item) throw new Error('no plan');
    const id = reserveLink(db, item, 'fortis', now);
    recordLinkCreated(db, id, { upstreamId: 'pl-x', url: 'https://x' }, now);
    db.prepare("UPDATE payment_links SET status = 'paid' WHERE id = ?").run(id);
    expect(reconcilePaywall(db, now).posted).toBe(1);
    expect(db.prepare('SELECT transaction_id, amount_cents FROM posted_payments').all()).toEqual([
      { transaction_id: null, amount_cents: 7500 },
    ]);
    db.prepare(
      `INSERT INTO transactions (source, upstream_id, amount_cents, occurred_at, status, paylink_id, seen_at)
       VALUES ('fortis', 'tx-late', 7500, '2026-03-10T14:10:00.000Z', 'approved', 'pl-x', ?)`,
    ).run(stamp);
    expect(reconcilePaywall(db, now).posted).toBe(0);
    expect(db.prepare('SELECT transaction_id FROM posted_payments').all()).toEqual([
      { transaction_id: 'tx-late' },
    ]);
  });

  it('posts a paid link once (transaction with its paylink id), exports it once, moves it on reschedule', () => {
    const plan = planPaywall(db, { now, ...options });
    for (const item of plan) {
      const id = reserveLink(db, item, 'fortis', now);
      recordLinkCreated(db, id, { upstreamId: `pl-${item.appointmentId}`, url: 'https://x' }, now);
    }
    db.prepare(
      `INSERT INTO transactions (source, upstream_id, contact_id, amount_cents, occurred_at, status, paylink_id, seen_at)
       VALUES ('fortis', 'tx-1', 'c-ann', 7500, '2026-03-10T14:30:00.000Z', 'approved', 'pl-a1', ?),
              ('fortis', 'tx-2', NULL, 7500, '2026-03-10T14:40:00.000Z', 'declined', 'pl-b1', ?)`,
    ).run(stamp, stamp);
    expect(reconcilePaywall(db, now)).toEqual({ posted: 1, moved: 0 });
    expect(reconcilePaywall(db, now)).toEqual({ posted: 0, moved: 0 });
    const paidLink = db
      .prepare("SELECT status, transaction_id FROM payment_links WHERE appointment_id = 'a1'")
      .get();
    expect(paidLink).toEqual({ status: 'paid', transaction_id: 'tx-1' });
    // Paid appointments drop out of the plan.
    expect(planPaywall(db, { now, ...options }).map((p) => p.appointmentId)).toEqual(['b1']);

    const rows = postedPayments(db, { all: false });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      account: 'A1',
      amountCents: 7500,
      transactionId: 'tx-1',
      appointmentId: 'a1',
    });
    markExported(
      db,
      rows.map((r) => r.id),
      now,
    );
    expect(postedPayments(db, { all: false })).toEqual([]);
    expect(postedPayments(db, { all: true })).toHaveLength(1);
    expect(postedPayments(db, { all: true, since: '2026-03-11' })).toHaveLength(0);

    // The EHR gives the rescheduled visit a new id: the payment follows the patient.
    db.prepare("UPDATE appointments SET status = 'rescheduled' WHERE id = 'a1'").run();
    addAppointment(db, 'a1-new', 1, '2026-03-13T15:00:00.000Z', 'NEW PATIENT');
    expect(reconcilePaywall(db, now)).toEqual({ posted: 0, moved: 1 });
    expect(db.prepare('SELECT appointment_id FROM posted_payments').get()).toEqual({
      appointment_id: 'a1-new',
    });
    expect(planPaywall(db, { now, ...options }).map((p) => p.appointmentId)).toEqual(['b1']);
    expect(refundCandidates(db)).toEqual([]);

    // Cancelled: listed for refund review.
    db.prepare("UPDATE appointments SET status = 'cancelled' WHERE id = 'a1-new'").run();
    expect(reconcilePaywall(db, now).moved).toBe(0);
    expect(refundCandidates(db)).toMatchObject([
      { appointmentId: 'a1-new', reason: 'cancelled', amountCents: 7500, transactionId: 'tx-1' },
    ]);
  });
});
