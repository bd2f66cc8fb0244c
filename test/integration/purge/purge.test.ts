import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/db.js';
import { cutoffFor } from '../../../src/domain/purge-cutoff.js';
import { parseAge } from '../../../src/domain/age.js';
import { applyPurge, planPurge } from '../../../src/store/purge.js';
import { tempHome } from '../../helpers/cli.js';
import { afterPurge, remaining, seedHistory } from '../../helpers/purge-seed.js';

const now = new Date('2026-03-10T14:00:00Z');

function seeded() {
  const db = openDatabase(join(tempHome(), 'profiles', 'default', 'cache.db'));
  seedHistory(db);
  return db;
}

describe('purge', () => {
  it('plans counts per table without changing anything', () => {
    const db = seeded();
    const before = remaining(db);
    const plan = planPurge(db, cutoffFor(now, 'America/Chicago', parseAge('3y')));
    expect(Object.fromEntries(plan.tables.map((t) => [t.table, t.rows]))).toEqual({
      messages: 1,
      blast_runs: 1,
      audit: 1,
      transactions: 1,
      declined_payments: 1,
      appointments: 1,
      charges: 1,
      posted_payments: 1,
    });
    expect(plan.total).toBe(8);
    expect(plan.cutoff.date).toBe('2023-03-10');
    expect(remaining(db)).toEqual(before);
    db.close();
  });

  it('deletes old history and never current data', () => {
    const db = seeded();
    const cutoff = cutoffFor(now, 'America/Chicago', parseAge('3y'));
    const deleted = applyPurge(db, cutoff);
    expect(Object.values(deleted).reduce((a, n) => a + n, 0)).toBe(8);
    expect(remaining(db)).toEqual(afterPurge);
    // Running it again finds nothing more.
    expect(planPurge(db, cutoff).total).toBe(0);
    db.close();
  });

  it('a shorter age reaches recent rows too', () => {
    const db = seeded();
    const plan = planPurge(db, cutoffFor(now, 'UTC', parseAge('30d')));
    const rows = Object.fromEntries(plan.tables.map((t) => [t.table, t.rows]));
    expect(rows.messages).toBe(2);
    expect(rows.appointments).toBe(1); // the 2026-03-09 visit is younger than 30 days
    db.close();
  });

  it('leaves no trace of deleted rows in the database file', () => {
    const path = join(tempHome(), 'profiles', 'default', 'cache.db');
    const db = openDatabase(path);
    seedHistory(db);
    db.prepare(
      "UPDATE messages SET to_address = 'old.patient.7731@example.com' WHERE dedupe_key = 'k-old'",
    ).run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(path).includes('old.patient.7731@example.com')).toBe(true);
    applyPurge(db, cutoffFor(now, 'UTC', parseAge('3y')));
    db.close();
    const files = [path, `${path}-wal`].filter((f) => existsSync(f));
    for (const f of files)
      expect(readFileSync(f).includes('old.patient.7731@example.com'), f).toBe(false);
  });
});
