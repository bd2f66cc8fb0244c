// The messaging facts of a patient (do-not-contact, consent, opt-outs) read fresh from the cache,
// both when planning and again right before sending (a STOP may have arrived in between).
import type { ContactFacts } from '../messaging/eligibility.js';
import { isOptedOut } from '../messaging/opt-outs.js';
import type { Db } from '../store/db.js';

export interface ContactRow {
  id: number;
  first_name: string | null;
  last_name: string | null;
  mobile: string | null;
  email: string | null;
  do_not_contact: number;
  sms_consent_at: string | null;
  sms_opt_out_at: string | null;
  email_opt_out_at: string | null;
}

/** The patient's contact row, or undefined when removed. */
export function contactRow(db: Db, patientId: number): ContactRow | undefined {
  return db
    .prepare(
      `SELECT id, first_name, last_name, mobile, email, do_not_contact, sms_consent_at, sms_opt_out_at,
         email_opt_out_at FROM patients WHERE id = ? AND removed = 0`,
    )
    .get(patientId) as ContactRow | undefined;
}

/** The facts the eligibility rules need. */
export function contactFacts(db: Db, row: ContactRow): ContactFacts {
  return {
    doNotContact: row.do_not_contact === 1,
    mobile: row.mobile,
    email: row.email,
    smsConsentAt: row.sms_consent_at,
    smsOptOutAt: row.sms_opt_out_at,
    emailOptOutAt: row.email_opt_out_at,
    smsOnOptOutList: row.mobile ? isOptedOut(db, 'sms', row.mobile) : false,
    emailOnOptOutList: row.email ? isOptedOut(db, 'email', row.email) : false,
  };
}

/** The processor customer ids linked to the patient, by source. */
export function processorContacts(
  db: Db,
  patientId: number,
): Partial<Record<'fortis' | 'cashpractice', string>> {
  const rows = db
    .prepare(
      `SELECT source, upstream_id FROM patient_links WHERE patient_id = ? ORDER BY manual DESC, linked_at`,
    )
    .all(patientId) as Array<{ source: string; upstream_id: string }>;
  const out: Partial<Record<'fortis' | 'cashpractice', string>> = {};
  for (const r of rows) {
    if ((r.source === 'fortis' || r.source === 'cashpractice') && !out[r.source]) {
      out[r.source] = r.upstream_id;
    }
  }
  return out;
}
