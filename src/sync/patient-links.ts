import { UsageError } from '../errors.js';
import type { ProcessorSource } from '../domain/records.js';
import type { Db } from '../store/db.js';
import { linkPatients, matchContacts } from './link-patients.js';

// Manual matching decisions (DOMAIN §2): `patients link` pins a processor contact to a patient
// (patient_links.manual = 1), `patients unlink` records "never this patient" (patient_link_blocks).
// Automatic linking during sync never overrides either.

export interface UnmatchedRow {
  source: string;
  upstream_id: string;
  name: string;
  email: string | null;
  mobile: string | null;
  account_number: string | null;
  reason: string;
  candidates: string[];
}

/** Processor contacts without a patient link: ambiguous matches (with candidates) and blocked ones. */
export function listUnmatched(db: Db): UnmatchedRow[] {
  const accounts = new Map(
    (
      db.prepare('SELECT id, account FROM patients').all() as Array<{
        id: number;
        account: string | null;
      }>
    ).map((p) => [p.id, p.account ?? `#${p.id}`]),
  );
  return matchContacts(db)
    .filter(({ contact }) => contact.link_patient_id === null)
    .map(({ contact: c, result }) => ({
      source: c.source,
      upstream_id: c.upstream_id,
      name: [c.first_name, c.last_name].filter(Boolean).join(' '),
      email: c.email,
      mobile: c.mobile,
      account_number: c.account_number,
      reason:
        c.blocked === 1
          ? 'unlinked by hand'
          : result.kind === 'ambiguous'
            ? `several patients fit (${result.method})`
            : 'no patient fits',
      candidates:
        result.kind === 'ambiguous'
          ? result.candidates.map((id) => accounts.get(id) ?? `#${id}`)
          : [],
    }));
}

function patientByAccount(db: Db, account: string): number {
  const row = db
    .prepare('SELECT id FROM patients WHERE account = ? AND removed = 0')
    .get(account) as { id: number } | undefined;
  if (!row) {
    throw new UsageError(
      `No patient with account ${account}.`,
      'Import the EHR patients first (trackstat import patients FILE), or check the account number.',
    );
  }
  return row.id;
}

function requireContact(db: Db, source: ProcessorSource, upstreamId: string): void {
  const row = db
    .prepare('SELECT 1 FROM processor_contacts WHERE source = ? AND upstream_id = ?')
    .get(source, upstreamId);
  if (!row) {
    throw new UsageError(
      `No ${source} record ${upstreamId} in the cache.`,
      `Run trackstat sync ${source} first, or check the id.`,
    );
  }
}

/** Pins a processor contact to the patient with this account (manual; sync keeps it). */
export function linkManually(
  db: Db,
  account: string,
  source: ProcessorSource,
  upstreamId: string,
  now: Date,
): { patientId: number } {
  const patientId = patientByAccount(db, account);
  requireContact(db, source, upstreamId);
  const at = now.toISOString();
  db.transaction(() => {
    db.prepare('DELETE FROM patient_link_blocks WHERE source = ? AND upstream_id = ?').run(
      source,
      upstreamId,
    );
    db.prepare(
      `INSERT INTO patient_links (source, upstream_id, patient_id, method, manual, linked_at)
       VALUES (?, ?, ?, 'manual', 1, ?)
       ON CONFLICT (source, upstream_id) DO UPDATE SET patient_id = excluded.patient_id,
         method = 'manual', manual = 1, linked_at = excluded.linked_at`,
    ).run(source, upstreamId, patientId, at);
  })();
  linkPatients(db, now);
  return { patientId };
}

/** Separates a processor contact from the patient with this account, for good. */
export function unlinkManually(
  db: Db,
  account: string,
  source: ProcessorSource,
  upstreamId: string,
  now: Date,
): { wasLinked: boolean } {
  const patientId = patientByAccount(db, account);
  requireContact(db, source, upstreamId);
  const at = now.toISOString();
  let wasLinked = false;
  db.transaction(() => {
    wasLinked =
      db
        .prepare(
          'DELETE FROM patient_links WHERE source = ? AND upstream_id = ? AND patient_id = ?',
        )
        .run(source, upstreamId, patientId).changes > 0;
    db.prepare(
      `INSERT INTO patient_link_blocks (source, upstream_id, patient_id, decided_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source, upstream_id) DO UPDATE SET patient_id = excluded.patient_id, decided_at = excluded.decided_at`,
    ).run(source, upstreamId, patientId, at);
  })();
  linkPatients(db, now);
  return { wasLinked };
}
