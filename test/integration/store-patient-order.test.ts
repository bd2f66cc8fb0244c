import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';

describe('patients by name', () => {
  it('are read in index order, with no temporary sort of every patient', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'order-')), 'cache.db'));
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM patients WHERE removed = 0
         ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id`,
      )
      .all() as Array<{ detail: string }>;
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toContain('patients_name_order');
    expect(text).not.toContain('TEMP B-TREE');
    db.close();
  });
});
