import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { deriveFortisPlanPayments } from '../../src/sync/fortis-plan-payments.js';

describe('Fortis plan payments after sync', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ts-plans-'));
    db = openDatabase(join(dir, 'cache.db'));
    const plan = db.prepare(
      `INSERT INTO recurring_plans (source, upstream_id, plan_type, payments_total, status, seen_at)
       VALUES ('fortis', ?, ?, ?, ?, 's')`,
    );
    plan.run('fixed-done', 'fixed', 3, 'ended');
    plan.run('fixed-short', 'fixed', 3, 'ended');
    plan.run('ongoing', 'ongoing', null, 'active');
    const tx = db.prepare(
      `INSERT INTO transactions (source, upstream_id, plan_id, status, seen_at) VALUES ('fortis', ?, ?, ?, 's')`,
    );
    ['a', 'b', 'c'].forEach((id) => tx.run(`d-${id}`, 'fixed-done', 'approved'));
    tx.run('s-1', 'fixed-short', 'approved');
    tx.run('s-2', 'fixed-short', 'declined');
    tx.run('o-1', 'ongoing', 'approved');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts approved payments and completes fixed plans that ended fully paid', () => {
    expect(deriveFortisPlanPayments(db)).toBeGreaterThan(0);
    const rows = db
      .prepare(
        'SELECT upstream_id, payments_made, status FROM recurring_plans ORDER BY upstream_id',
      )
      .all();
    expect(rows).toEqual([
      { upstream_id: 'fixed-done', payments_made: 3, status: 'completed' },
      { upstream_id: 'fixed-short', payments_made: 1, status: 'ended' },
      { upstream_id: 'ongoing', payments_made: 1, status: 'active' },
    ]);
    expect(deriveFortisPlanPayments(db)).toBe(0);
  });
});
