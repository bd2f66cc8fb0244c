// Finding the patient an invoice is for: an EHR account number, a processor customer id, or a name.
import { normalizeName } from '../domain/matching.js';
import type { Db } from '../store/db.js';

export interface PatientSummary {
  id: number;
  account: string | null;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  email: string | null;
  mobile: string | null;
  doNotContact: boolean;
}

interface PatientRow {
  id: number;
  account: string | null;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  email: string | null;
  mobile: string | null;
  do_not_contact: number;
}

const columns =
  'p.id, p.account, p.first_name, p.last_name, p.date_of_birth, p.email, p.mobile, p.do_not_contact';

const toSummary = (r: PatientRow): PatientSummary => ({
  id: r.id,
  account: r.account,
  firstName: r.first_name,
  lastName: r.last_name,
  dateOfBirth: r.date_of_birth,
  email: r.email,
  mobile: r.mobile,
  doNotContact: r.do_not_contact === 1,
});

/** "First Last (account)" for lists and prompts. */
export function patientLabel(p: PatientSummary): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ') || '(no name)';
  const extra = [
    p.account ? `account ${p.account}` : null,
    p.dateOfBirth ? `born ${p.dateOfBirth}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return extra ? `${name} (${extra})` : name;
}

/** One patient by internal id. */
export function patientById(db: Db, id: number): PatientSummary | undefined {
  const row = db.prepare(`SELECT ${columns} FROM patients p WHERE p.id = ?`).get(id) as
    PatientRow | undefined;
  return row ? toSummary(row) : undefined;
}

/**
 * Patients matching what was typed: an exact account number or processor customer id wins;
 * otherwise every word must start the first or last name (accents and case ignored).
 */
export function findPatients(db: Db, query: string, limit = 20): PatientSummary[] {
  const q = query.trim();
  if (q === '') return [];
  const byAccount = db
    .prepare(
      `SELECT ${columns} FROM patients p WHERE p.account = ? COLLATE NOCASE AND p.removed = 0`,
    )
    .all(q) as PatientRow[];
  if (byAccount.length > 0) return byAccount.map(toSummary);
  const byProcessor = db
    .prepare(
      `SELECT DISTINCT ${columns} FROM patients p JOIN patient_links l ON l.patient_id = p.id
        WHERE l.upstream_id = ? AND p.removed = 0`,
    )
    .all(q) as PatientRow[];
  if (byProcessor.length > 0) return byProcessor.map(toSummary);
  const words = q
    .split(/[\s,]+/)
    .map((w) => normalizeName(w))
    .filter((w): w is string => w !== undefined);
  if (words.length === 0) return [];
  const where = words
    .map((_, i) => `(p.norm_first LIKE @w${i} OR p.norm_last LIKE @w${i})`)
    .join(' AND ');
  const params = Object.fromEntries(words.map((w, i) => [`w${i}`, `${w}%`]));
  const rows = db
    .prepare(
      `SELECT ${columns} FROM patients p WHERE p.removed = 0 AND ${where}
        ORDER BY p.last_name, p.first_name, p.id LIMIT ${Math.max(1, Math.floor(limit))}`,
    )
    .all(params) as PatientRow[];
  return rows.map(toSummary);
}
