import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRun, newRunId } from '../../src/blast/runs.js';
import { openDatabase } from '../../src/store/db.js';

describe('blast run ids', () => {
  it('never reuse the id of an earlier run started in the same second', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'runs-')), 'cache.db'));
    const at = new Date('2026-11-27T14:30:05Z');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = newRunId(db, at);
      createRun(db, { id, purpose: 'card_update', audience: 'expired', channels: 'both', at });
      ids.push(id);
    }
    expect(ids).toEqual(['cu-20261127-143005', 'cu-20261127-143005-2', 'cu-20261127-143005-3']);
    db.close();
  });
});
