// The huddle cache (migration 9): each patient's date-independent huddle facts as one JSON row,
// plus the patient's visits from about two months back on, so that `report appointments` reads one
// row per patient of the day instead of some ten index lookups scattered over the cache. Triggers
// mark it stale on any write to the tables it comes from; a stale cache is never read, and the
// command that made it stale rebuilds it at its end.
import { addDays, type IsoDate } from '../domain/dates.js';
import type { Db } from '../store/db.js';
import {
  loadHuddleFacts,
  type CachedHuddle,
  type CachedVisits,
  type StaticHuddleFacts,
} from './huddle-facts.js';

const BATCH = 1000;

/** The cached visits' form (CachedVisits): anything else means a damaged row. */
const visitList = /^(?:\d{4}-\d\d-\d\d[fu])*$/;

/**
 * How far back the cached visits reach from the day the cache is built: a membership period (a
 * month at most) of any date from a month before that day on is fully inside.
 */
const VISITS_BACK_DAYS = 62;

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
  const visitsFrom = addDays(now.toISOString().slice(0, 10), -VISITS_BACK_DAYS);
  const ids = db.prepare('SELECT id FROM patients ORDER BY id').pluck().all() as number[];
  const insert = db.prepare(
    'INSERT INTO huddle_cache (patient_id, facts, visits) VALUES (?, ?, ?)',
  );
  // The visits the per-date facts count (as the index queries of huddle-facts.ts do): future,
  // checked in or completed, not removed, by patient and date.
  const visits = db
    .prepare(
      `SELECT patient_id, local_date, status FROM appointments INDEXED BY appointments_patient_visits
       WHERE patient_id BETWEEN ? AND ? AND local_date >= ? AND removed = 0
         AND status IN ('future', 'checked_in', 'completed')
       ORDER BY patient_id, local_date`,
    )
    .raw();
  let written = 0;
  db.transaction(() => {
    db.exec('DELETE FROM huddle_cache');
    for (let i = 0; i < ids.length; i += BATCH) {
      const slice = ids.slice(i, i + BATCH);
      const byPatient = new Map<number, CachedVisits>();
      const first = slice[0] as number;
      const last = slice[slice.length - 1] as number;
      for (const [pid, date, status] of visits.all(first, last, visitsFrom) as Array<
        [number, IsoDate, string]
      >) {
        byPatient.set(pid, `${byPatient.get(pid) ?? ''}${date}${status === 'future' ? 'f' : 'u'}`);
      }
      // No dates asked: the loader fills in only the date-independent facts.
      const batch = new Map<number, never[]>(slice.map((id) => [id, []]));
      for (const [id, facts] of loadHuddleFacts(db, batch, 'calendar')) {
        const { days: _days, ...rest } = facts;
        insert.run(id, JSON.stringify(rest satisfies StaticHuddleFacts), byPatient.get(id) ?? '');
        written++;
      }
    }
    db.prepare(
      'UPDATE huddle_cache_state SET fresh = 1, built_at = ?, visits_from = ? WHERE id = 1',
    ).run(now.toISOString(), visitsFrom);
  })();
  return written;
}

/**
 * The cached facts and visits of the given patients (a patient without a patients row is left
 * out, as the loader does), or undefined when the cache is stale or a row of it is damaged (the
 * report then reads the tables).
 */
export function readHuddleCache(db: Db, patientIds: readonly number[]): CachedHuddle | undefined {
  const state = db
    .prepare('SELECT fresh, visits_from FROM huddle_cache_state WHERE id = 1')
    .raw()
    .get() as [number, string | null] | undefined;
  if (!state || state[0] !== 1 || state[1] === null) return undefined;
  const facts = new Map<number, StaticHuddleFacts>();
  const visits = new Map<number, CachedVisits>();
  const rows = db
    .prepare(
      'SELECT patient_id, facts, visits FROM huddle_cache WHERE patient_id IN (SELECT value FROM json_each(?))',
    )
    .raw()
    .all(JSON.stringify(patientIds)) as Array<[number, string, string]>;
  try {
    for (const [id, f, v] of rows) {
      if (!visitList.test(v)) return undefined;
      facts.set(id, JSON.parse(f) as StaticHuddleFacts);
      visits.set(id, v);
    }
  } catch {
    // A damaged row (the file was edited or broken): the tables still have the truth.
    return undefined;
  }
  return { facts, visits, visitsFrom: state[1] };
}
