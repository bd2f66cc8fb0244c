// Manual messaging decisions on one patient: opt out / back in per channel, record SMS consent.
import { UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Channel } from './ledger.js';
import { recordOptOut, removeOptOut } from './opt-outs.js';

interface PatientRow {
  id: number;
  account: string | null;
  first_name: string | null;
  last_name: string | null;
  mobile: string | null;
  email: string | null;
}

/** Finds a patient by account number (or "#ID"); usage error when unknown. */
export function findPatient(db: Db, ref: string): PatientRow {
  const row = (
    /^#\d+$/.test(ref)
      ? db.prepare('SELECT * FROM patients WHERE id = ? AND removed = 0').get(Number(ref.slice(1)))
      : db.prepare('SELECT * FROM patients WHERE account = ? AND removed = 0').get(ref)
  ) as PatientRow | undefined;
  if (!row) {
    throw new UsageError(
      `No patient with account "${ref}".`,
      'Use the EHR account number (or #ID for processor-only patients), as listed by trackstat report patients.',
    );
  }
  return row;
}

/** The channels named by --channel (both when absent). */
export function channelsOf(flag: string | undefined): Channel[] {
  if (flag === undefined || flag === 'both') return ['sms', 'email'];
  if (flag === 'sms' || flag === 'email') return [flag];
  throw new UsageError('--channel must be sms, email or both.');
}

/** Opts a patient out of the channels (their current mobile/email go on the opt-out list). */
export function optOut(db: Db, ref: string, channels: Channel[], at: Date): PatientRow {
  const p = findPatient(db, ref);
  const when = at.toISOString();
  db.transaction(() => {
    for (const ch of channels) {
      const address = ch === 'sms' ? p.mobile : p.email;
      if (address) recordOptOut(db, ch, address, 'manual', at);
      db.prepare(
        `UPDATE patients SET ${ch === 'sms' ? 'sms_opt_out_at' : 'email_opt_out_at'} = COALESCE(${ch === 'sms' ? 'sms_opt_out_at' : 'email_opt_out_at'}, ?), updated_at = ? WHERE id = ?`,
      ).run(when, when, p.id);
    }
  })();
  return p;
}

/** Opts a patient back in (removes the opt-outs of their current addresses). */
export function optIn(db: Db, ref: string, channels: Channel[], at: Date): PatientRow {
  const p = findPatient(db, ref);
  db.transaction(() => {
    for (const ch of channels) {
      const address = ch === 'sms' ? p.mobile : p.email;
      if (address) removeOptOut(db, ch, address);
      db.prepare(
        `UPDATE patients SET ${ch === 'sms' ? 'sms_opt_out_at' : 'email_opt_out_at'} = NULL, updated_at = ? WHERE id = ?`,
      ).run(at.toISOString(), p.id);
    }
  })();
  return p;
}

/** Records SMS consent (when and where it was given). */
export function recordConsent(db: Db, ref: string, source: string, at: Date): PatientRow {
  const p = findPatient(db, ref);
  db.prepare(
    'UPDATE patients SET sms_consent_at = ?, sms_consent_source = ?, updated_at = ? WHERE id = ?',
  ).run(at.toISOString(), source, at.toISOString(), p.id);
  return p;
}
