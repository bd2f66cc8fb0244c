// Walks every patient in name order, loading facts one batch of patients at a time: a handful of
// set-based queries per batch (never per row), and memory that stays flat on a large cache.
import type { Db } from '../store/db.js';
import {
  batches,
  loadFacts,
  loadPatients,
  type PatientFacts,
  type PatientInfo,
  type VisitWindow,
} from './facts.js';

export interface PatientSelection {
  activeOnly?: boolean;
  locations?: readonly string[];
  /** Name, account, email or mobile contains this text (case-insensitive). */
  search?: string | undefined;
  tags?: readonly string[];
  /** Only patients that have one of these (plans and membership reports skip everyone else). */
  having?: 'membership' | 'treatment' | 'plan';
  /** Which visits to load (see loadFacts). */
  window?: VisitWindow;
}

// A care plan of the kind, reached directly (EHR) or through a processor link (Cash Practice).
const carePlanOf = (kind: string) =>
  `EXISTS (SELECT 1 FROM care_plans cp WHERE cp.patient_id = patients.id AND cp.kind = '${kind}' AND cp.removed = 0)
   OR EXISTS (SELECT 1 FROM patient_links l CROSS JOIN care_plans cp
              ON cp.source = l.source AND cp.contact_id = l.upstream_id
              WHERE l.patient_id = patients.id AND cp.kind = '${kind}' AND cp.removed = 0)`;

const havingSql: Record<NonNullable<PatientSelection['having']>, string> = {
  membership: carePlanOf('membership'),
  treatment: carePlanOf('treatment'),
  plan: `${carePlanOf('treatment')}
   OR EXISTS (SELECT 1 FROM patient_links l CROSS JOIN recurring_plans r
              ON r.source = l.source AND r.contact_id = l.upstream_id
              WHERE l.patient_id = patients.id AND r.removed = 0)`,
};

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
         ${selection.having ? `AND (${havingSql[selection.having]})` : ''}
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
    const facts = loadFacts(db, batch, selection.window);
    for (const id of batch) {
      const patient = patients.get(id);
      const f = facts.get(id);
      if (!patient || !f) continue;
      if (tags.length > 0 && !patient.tags.some((t) => tags.includes(t.toLowerCase()))) continue;
      yield { patient, facts: f };
    }
  }
}
