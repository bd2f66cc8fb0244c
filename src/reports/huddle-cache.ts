// The huddle cache (migration 9): each patient's date-independent huddle facts as one JSON row,
// so that `report appointments` reads one row per patient of the day instead of some ten index
// lookups scattered over the cache. Triggers mark it stale on any write to the tables it comes
// from; a stale cache is never read, and the command that made it stale rebuilds it at its end.
import type { Db } from '../store/db.js';
import { loadHuddleFacts, type StaticHuddleFacts } from './huddle-facts.js';

const BATCH = 1000;

/** Whether the cache matches the tables it is derived from. */
export function huddleCacheFresh(db: Db): boolean {
  return db.prepare('SELECT fresh FROM huddle_cache_state WHERE id = 1').pluck().get() === 1;
}

/**
 * Rebuilds the cache from the tables when it is stale, in one transaction (a reader sees the old
 * state or the new one). Returns the number of patients written, or null when it was fresh.
 */
export function refreshHuddleCache(db: Db, now: Date): number | null {
  if (huddleCacheFresh(db)) return null;
  const ids = db.prepare('SELECT id FROM patients ORDER BY id').pluck().all() as number[];
  const insert = db.prepare('INSERT INTO huddle_cache (patient_id, facts) VALUES (?, ?)');
  let written = 0;
  db.transaction(() => {
    db.exec('DELETE FROM huddle_cache');
    for (let i = 0; i < ids.length; i += BATCH) {
      // No dates asked: the loader fills in only the date-independent facts.
      const batch = new Map<number, never[]>(ids.slice(i, i + BATCH).map((id) => [id, []]));
      for (const [id, facts] of loadHuddleFacts(db, batch, 'calendar')) {
        const { days: _days, ...rest } = facts;
        insert.run(id, JSON.stringify(rest satisfies StaticHuddleFacts));
        written++;
      }
    }
    db.prepare('UPDATE huddle_cache_state SET fresh = 1, built_at = ? WHERE id = 1').run(
      now.toISOString(),
    );
  })();
  return written;
}

/**
 * The cached facts of the given patients (a patient without a patients row is left out, as the
 * loader does), or undefined when the cache is stale.
 */
export function readHuddleCache(
  db: Db,
  patientIds: readonly number[],
): Map<number, StaticHuddleFacts> | undefined {
  if (!huddleCacheFresh(db)) return undefined;
  const out = new Map<number, StaticHuddleFacts>();
  const rows = db
    .prepare(
      'SELECT patient_id, facts FROM huddle_cache WHERE patient_id IN (SELECT value FROM json_each(?))',
    )
    .raw()
    .all(JSON.stringify(patientIds)) as Array<[number, string]>;
  for (const [id, facts] of rows) out.set(id, JSON.parse(facts) as StaticHuddleFacts);
  return out;
}
