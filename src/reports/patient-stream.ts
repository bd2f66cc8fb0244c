// Walks every patient in name order, loading facts one batch of patients at a time: a handful of
// set-based queries per batch (never per row), and memory that stays flat on a large cache.
import type { Db } from '../store/db.js';
import { batches, loadFacts, loadPatients, type PatientFacts, type PatientInfo } from './facts.js';

export interface PatientSelection {
  activeOnly?: boolean;
  locations?: readonly string[];
  /** Name, account, email or mobile contains this text (case-insensitive). */
  search?: string | undefined;
  tags?: readonly string[];
}

const batchSize = 500;

/** Every selected patient with their facts, ordered by last name, first name. */
export function* eachPatient(
  db: Db,
  selection: PatientSelection = {},
): Generator<{ patient: PatientInfo; facts: PatientFacts }> {
  const locations = (selection.locations ?? []).map((l) => l.toLowerCase());
  const search = selection.search?.trim().toLowerCase();
  const ids = db
    .prepare(
      `SELECT id FROM patients
       WHERE removed = 0
         AND (? = 0 OR active = 1)
         AND (? = '[]' OR lower(coalesce(location, '')) IN (SELECT value FROM json_each(?)))
         AND (? IS NULL OR instr(lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
              coalesce(account, '') || ' ' || coalesce(email, '') || ' ' || coalesce(mobile, '')), ?) > 0)
       ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id`,
    )
    .pluck()
    .all(
      selection.activeOnly ? 1 : 0,
      JSON.stringify(locations),
      JSON.stringify(locations),
      search || null,
      search || null,
    ) as number[];
  const tags = (selection.tags ?? []).map((t) => t.toLowerCase());
  for (const batch of batches(ids, batchSize)) {
    const patients = loadPatients(db, batch);
    const facts = loadFacts(db, batch);
    for (const id of batch) {
      const patient = patients.get(id);
      const f = facts.get(id);
      if (!patient || !f) continue;
      if (tags.length > 0 && !patient.tags.some((t) => tags.includes(t.toLowerCase()))) continue;
      yield { patient, facts: f };
    }
  }
}
