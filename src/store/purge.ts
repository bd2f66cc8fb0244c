import type { Db } from './db.js';
import type { Cutoff } from '../domain/purge-cutoff.js';
import { purgeCondition, purgeTargets, type PurgeTarget } from './purge-targets.js';

/** How many rows of each history table are older than the cutoff (and will be deleted). */
export interface PurgePlan {
  cutoff: Cutoff;
  tables: Array<{ table: string; rows: number; kept?: string }>;
  total: number;
}

function cutoffValue(target: PurgeTarget, cutoff: Cutoff): string {
  return target.kind === 'instant' ? cutoff.instant : cutoff.date;
}

/** Counts what a purge would delete; changes nothing (the --dry-run path). */
export function planPurge(db: Db, cutoff: Cutoff): PurgePlan {
  const tables = purgeTargets.map((t) => {
    const { n } = db
      .prepare(`SELECT count(*) AS n FROM ${t.table} WHERE ${purgeCondition(t)}`)
      .get(cutoffValue(t, cutoff)) as { n: number };
    return t.keep ? { table: t.table, rows: n, kept: t.keep.why } : { table: t.table, rows: n };
  });
  return { cutoff, tables, total: tables.reduce((a, t) => a + t.rows, 0) };
}

/**
 * Deletes the planned history in one transaction and returns the rows deleted per table. Freed
 * pages are zeroed (secure_delete) and the WAL is checkpointed so the old rows do not linger on disk.
 */
export function applyPurge(db: Db, cutoff: Cutoff): Record<string, number> {
  const deleted: Record<string, number> = {};
  db.pragma('secure_delete = ON');
  db.transaction(() => {
    for (const t of purgeTargets) {
      const result = db
        .prepare(`DELETE FROM ${t.table} WHERE ${purgeCondition(t)}`)
        .run(cutoffValue(t, cutoff));
      deleted[t.table] = result.changes;
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return deleted;
}
