// The opt-out list: an address that opted out (STOP, provider 21610, manual) is never messaged on
// that channel again until the patient opts back in. The patient row carries the same fact.
import type { Db } from '../store/db.js';
import type { Channel } from './ledger.js';

/** Records an opt-out for an address and marks every patient with that address. */
export function recordOptOut(
  db: Db,
  channel: Channel,
  address: string,
  reason: string,
  at: Date,
): void {
  const when = at.toISOString();
  // Emails are kept lower-case so the look-up can use the primary key.
  const key = channel === 'email' ? address.toLowerCase() : address;
  db.prepare(
    `INSERT INTO opt_outs (channel, address, reason, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel, address) DO NOTHING`,
  ).run(channel, key, reason, when);
  if (channel === 'sms') {
    db.prepare(
      `UPDATE patients SET sms_opt_out_at = COALESCE(sms_opt_out_at, ?), updated_at = ?
       WHERE mobile = ? OR norm_mobile = ?`,
    ).run(when, when, address, address);
  } else {
    db.prepare(
      `UPDATE patients SET email_opt_out_at = COALESCE(email_opt_out_at, ?), updated_at = ?
       WHERE lower(email) = lower(?) OR norm_email = lower(?)`,
    ).run(when, when, address, address);
  }
}

/** Removes an opt-out (the patient opted back in). */
export function removeOptOut(db: Db, channel: Channel, address: string): boolean {
  return (
    db
      .prepare('DELETE FROM opt_outs WHERE channel = ? AND lower(address) = lower(?)')
      .run(channel, address).changes > 0
  );
}

/** Whether an address is on the opt-out list. */
export function isOptedOut(db: Db, channel: Channel, address: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM opt_outs WHERE channel = ? AND address IN (?, lower(?))')
      .get(channel, address, address) !== undefined
  );
}
