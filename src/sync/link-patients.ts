import { PatientIndex, type MatchablePatient, type MatchResult } from '../domain/matching.js';
import type { Db } from '../store/db.js';

export interface LinkSummary {
  linked: number;
  unmatched: number;
}

interface ContactRow {
  source: string;
  upstream_id: string;
  account_number: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  mobile: string | null;
  date_of_birth: string | null;
  link_patient_id: number | null;
  link_method: string | null;
  link_manual: number | null;
  blocked: number | null;
  blocked_patient_id: number | null;
}

interface PatientRow {
  id: number;
  account: string | null;
  source: string;
  source_id: string | null;
  email: string | null;
  mobile: string | null;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
}

function toMatchable(p: PatientRow): MatchablePatient {
  return {
    id: p.id,
    account: p.account,
    email: p.email,
    mobile: p.mobile,
    firstName: p.first_name,
    lastName: p.last_name,
    dateOfBirth: p.date_of_birth,
  };
}

function contactOf(c: ContactRow) {
  return {
    accountNumber: c.account_number,
    email: c.email,
    mobile: c.mobile,
    firstName: c.first_name,
    lastName: c.last_name,
    dateOfBirth: c.date_of_birth,
  };
}

/** Loads patients and processor contacts and says, for each contact, which EHR patient it is. */
export function matchContacts(db: Db): Array<{ contact: ContactRow; result: MatchResult }> {
  const patients = db
    .prepare(
      `SELECT id, account, source, source_id, email, mobile, first_name, last_name, date_of_birth
       FROM patients WHERE removed = 0 AND source = 'ehr'`,
    )
    .all() as PatientRow[];
  const index = new PatientIndex(patients.map(toMatchable));
  return loadContacts(db).map((contact) => ({ contact, result: index.match(contactOf(contact)) }));
}

function loadContacts(db: Db): ContactRow[] {
  return db
    .prepare(
      `SELECT c.source, c.upstream_id, c.account_number, c.first_name, c.last_name, c.email, c.mobile,
              c.date_of_birth, l.patient_id AS link_patient_id, l.method AS link_method, l.manual AS link_manual,
              CASE WHEN b.upstream_id IS NULL THEN 0 ELSE 1 END AS blocked, b.patient_id AS blocked_patient_id
       FROM processor_contacts c
       LEFT JOIN patient_links l ON l.source = c.source AND l.upstream_id = c.upstream_id
       LEFT JOIN patient_link_blocks b ON b.source = c.source AND b.upstream_id = c.upstream_id
       WHERE c.removed = 0
       ORDER BY c.source, c.upstream_id`,
    )
    .all() as ContactRow[];
}

/**
 * Links every processor contact to a patient (DOMAIN §2), in one transaction. Manual links are
 * never touched. A contact that fits no EHR patient becomes a processor-only patient (so card and
 * plan reports work on processor data alone); one that fits several is left unlinked and shows in
 * `trackstat patients unmatched`. Processor-only patients left without any link are marked removed.
 */
export function linkPatients(db: Db, now: Date): LinkSummary {
  const at = now.toISOString();
  let linked = 0;
  let unmatched = 0;
  db.transaction(() => {
    const ehr = db
      .prepare(
        `SELECT id, account, source, source_id, email, mobile, first_name, last_name, date_of_birth
         FROM patients WHERE removed = 0 AND source = 'ehr'`,
      )
      .all() as PatientRow[];
    const ehrIndex = new PatientIndex(ehr.map(toMatchable));
    const contacts = loadContacts(db);
    const upsertLink = db.prepare(
      `INSERT INTO patient_links (source, upstream_id, patient_id, method, manual, linked_at)
       VALUES (@source, @upstream_id, @patient_id, @method, 0, @at)
       ON CONFLICT (source, upstream_id) DO UPDATE SET patient_id = excluded.patient_id,
         method = excluded.method, linked_at = excluded.linked_at
       WHERE patient_links.manual = 0 AND (patient_links.patient_id != excluded.patient_id OR patient_links.method != excluded.method)`,
    );
    const dropLink = db.prepare(
      'DELETE FROM patient_links WHERE source = ? AND upstream_id = ? AND manual = 0',
    );
    const leftover: ContactRow[] = [];
    for (const c of contacts) {
      if (c.link_manual === 1) continue;
      const result = ehrIndex.match(contactOf(c));
      const blockedTarget =
        c.blocked === 1 &&
        (c.blocked_patient_id === null ||
          (result.kind === 'match' && result.patientId === c.blocked_patient_id));
      if (result.kind === 'match' && !blockedTarget) {
        if (
          upsertLink.run({
            source: c.source,
            upstream_id: c.upstream_id,
            patient_id: result.patientId,
            method: result.method,
            at,
          }).changes > 0
        )
          linked++;
      } else if (result.kind === 'ambiguous') {
        if (c.link_patient_id !== null) dropLink.run(c.source, c.upstream_id);
        unmatched++;
      } else {
        leftover.push(c);
      }
    }

    // Contacts that fit no EHR patient: processor-only patients, shared across processors when
    // their identity fits (so a patient at both processors is counted once).
    const processorOnly = db
      .prepare(
        `SELECT id, account, source, source_id, email, mobile, first_name, last_name, date_of_birth
         FROM patients WHERE removed = 0 AND source != 'ehr'`,
      )
      .all() as PatientRow[];
    const ownPatient = new Map(processorOnly.map((p) => [`${p.source}|${p.source_id}`, p]));
    const findOwn = db.prepare('SELECT id FROM patients WHERE source = ? AND source_id = ?');
    const createOwn = db.prepare(
      `INSERT INTO patients (account, source, source_id, first_name, last_name, date_of_birth, mobile, email,
         active, norm_email, norm_mobile, norm_first, norm_last, created_at, updated_at)
       VALUES (NULL, @source, @source_id, @first_name, @last_name, @date_of_birth, @mobile, @email, 1,
         NULL, NULL, NULL, NULL, @at, @at)
       ON CONFLICT (source, source_id) DO UPDATE SET removed = 0, first_name = excluded.first_name,
         last_name = excluded.last_name, email = excluded.email, mobile = excluded.mobile, updated_at = excluded.updated_at`,
    );
    const sharedIndex = new PatientIndex(processorOnly.map(toMatchable));
    const sourceOf = new Map(processorOnly.map((p) => [p.id, p.source]));
    for (const c of leftover) {
      if (c.blocked === 1 && c.blocked_patient_id === null) {
        if (c.link_patient_id !== null) dropLink.run(c.source, c.upstream_id);
        unmatched++;
        continue;
      }
      let target = ownPatient.get(`${c.source}|${c.upstream_id}`)?.id;
      if (target === undefined) {
        const other = sharedIndex.match({ ...contactOf(c), accountNumber: null });
        if (other.kind === 'match' && sourceOf.get(other.patientId) !== c.source)
          target = other.patientId;
      }
      if (target === undefined) {
        createOwn.run({
          source: c.source,
          source_id: c.upstream_id,
          first_name: c.first_name,
          last_name: c.last_name,
          date_of_birth: c.date_of_birth,
          mobile: c.mobile,
          email: c.email,
          at,
        });
        target = (findOwn.get(c.source, c.upstream_id) as { id: number }).id;
        sourceOf.set(target, c.source);
        sharedIndex.add({
          id: target,
          account: null,
          email: c.email,
          mobile: c.mobile,
          firstName: c.first_name,
          lastName: c.last_name,
          dateOfBirth: c.date_of_birth,
        });
      }
      if (
        upsertLink.run({
          source: c.source,
          upstream_id: c.upstream_id,
          patient_id: target,
          method: 'processor',
          at,
        }).changes > 0
      )
        linked++;
    }

    db.prepare(
      `UPDATE patients SET removed = 1, updated_at = ?
       WHERE source != 'ehr' AND removed = 0
         AND NOT EXISTS (SELECT 1 FROM patient_links l WHERE l.patient_id = patients.id)`,
    ).run(at);
  })();
  return { linked, unmatched };
}
