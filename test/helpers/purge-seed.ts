import type { Db } from '../../src/store/db.js';

/**
 * Seeds a cache with one old and one recent row in every history table, plus current data (a
 * patient, a card, an active plan) and old rows that must survive a purge (unpaid, unexported).
 * "Old" is 2020, "recent" is 2026-02; run with now = 2026-03-10.
 */
export function seedHistory(db: Db): void {
  const seen = '2026-03-01T00:00:00Z';
  db.prepare(
    `INSERT INTO patients (id, account, first_name, last_name, created_at, updated_at)
     VALUES (1, 'A-1', 'Ann', 'Lee', '2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z')`,
  ).run();
  db.prepare(
    `INSERT INTO cards (source, upstream_id, contact_id, last_four, exp_month, exp_year, created_at, seen_at)
     VALUES ('fortis', 'card-1', 'c-1', '4242', 12, 2020, '2019-01-01T00:00:00Z', ?)`,
  ).run(seen);
  db.prepare(
    `INSERT INTO recurring_plans (source, upstream_id, contact_id, amount_cents, status, start_date, created_at, seen_at)
     VALUES ('fortis', 'plan-1', 'c-1', 5000, 'active', '2019-01-01', '2019-01-01T00:00:00Z', ?)`,
  ).run(seen);
  const msg = db.prepare(
    `INSERT INTO messages (run_id, patient_id, channel, purpose, dedupe_key, status, planned_at)
     VALUES (?, 1, 'sms', 'card_update', ?, 'sent', ?)`,
  );
  msg.run('run-old', 'k-old', '2020-05-01T10:00:00.000Z');
  msg.run('run-new', 'k-new', '2026-02-01T10:00:00.000Z');
  const run = db.prepare(
    "INSERT INTO blast_runs (id, purpose, started_at, status) VALUES (?, 'card_update', ?, 'done')",
  );
  run.run('run-old', '2020-05-01T09:00:00Z');
  run.run('run-new', '2026-02-01T09:00:00Z');
  const audit = db.prepare(
    "INSERT INTO audit (at, command, profile, counts) VALUES (?, 'report patients', 'default', '{}')",
  );
  audit.run('2020-01-01T00:00:00.000Z');
  audit.run('2026-02-01T00:00:00.000Z');
  const tx = db.prepare(
    `INSERT INTO transactions (source, upstream_id, contact_id, amount_cents, occurred_at, status, seen_at)
     VALUES ('fortis', ?, 'c-1', 5000, ?, 'approved', ?)`,
  );
  tx.run('tx-old', '2020-06-01T12:00:00+00:00', seen);
  tx.run('tx-new', '2026-02-01T12:00:00Z', seen);
  const declined = db.prepare(
    `INSERT INTO declined_payments (source, upstream_id, plan_id, status, amount_cents, declined_at, seen_at)
     VALUES ('fortis', ?, 'plan-1', ?, 5000, ?, ?)`,
  );
  declined.run('d-old-paid', 'paid', '2020-06-01T00:00:00Z', seen);
  declined.run('d-old-unpaid', 'unpaid', '2020-07-01T00:00:00Z', seen);
  declined.run('d-new', 'paid', '2026-02-01T00:00:00Z', seen);
  const appt = db.prepare(
    `INSERT INTO appointments (id, patient_id, start_local, local_date, start_utc, type, status, imported_at)
     VALUES (?, 1, ?, ?, ?, 'Adjustment', 'completed', ?)`,
  );
  appt.run('ap-old', '2020-06-01T09:00', '2020-06-01', '2020-06-01T14:00:00Z', seen);
  appt.run('ap-new', '2026-03-09T09:00', '2026-03-09', '2026-03-09T14:00:00Z', seen);
  const charge = db.prepare(
    `INSERT INTO charges (id, patient_id, date, description, fee_cents, paid_cents, imported_at)
     VALUES (?, 1, ?, 'Adjustment', 6000, ?, ?)`,
  );
  charge.run('ch-old-paid', '2020-06-01', 6000, seen);
  charge.run('ch-old-unpaid', '2020-06-02', 1000, seen);
  charge.run('ch-new', '2026-03-09', 6000, seen);
  const posted = db.prepare(
    `INSERT INTO posted_payments (patient_id, source, transaction_id, amount_cents, paid_at, posted_at, exported_at)
     VALUES (1, 'fortis', ?, 7500, ?, ?, ?)`,
  );
  posted.run('pp-old-exported', '2020-06-01T00:00:00Z', seen, '2020-06-02T00:00:00Z');
  posted.run('pp-old-unexported', '2020-06-03T00:00:00Z', seen, null);
  posted.run('pp-new', '2026-02-01T00:00:00Z', seen, null);
}

/** Ids left in each table, for assertions. */
export function remaining(db: Db): Record<string, string[]> {
  const ids = (sql: string) =>
    (db.prepare(sql).pluck().all() as Array<string | number>).map(String).sort();
  return {
    patients: ids('SELECT account FROM patients'),
    cards: ids('SELECT upstream_id FROM cards'),
    recurring_plans: ids('SELECT upstream_id FROM recurring_plans'),
    messages: ids('SELECT dedupe_key FROM messages'),
    blast_runs: ids('SELECT id FROM blast_runs'),
    audit: ids("SELECT at FROM audit WHERE command = 'report patients'"),
    transactions: ids('SELECT upstream_id FROM transactions'),
    declined_payments: ids('SELECT upstream_id FROM declined_payments'),
    appointments: ids('SELECT id FROM appointments'),
    charges: ids('SELECT id FROM charges'),
    posted_payments: ids('SELECT transaction_id FROM posted_payments'),
  };
}

/** What must be left after purging everything older than 3 years at 2026-03-10. */
export const afterPurge: Record<string, string[]> = {
  patients: ['A-1'],
  cards: ['card-1'],
  recurring_plans: ['plan-1'],
  messages: ['k-new'],
  blast_runs: ['run-new'],
  audit: ['2026-02-01T00:00:00.000Z'],
  transactions: ['tx-new'],
  declined_payments: ['d-new', 'd-old-unpaid'],
  appointments: ['ap-new'],
  charges: ['ch-new', 'ch-old-unpaid'],
  posted_payments: ['pp-new', 'pp-old-unexported'],
};
