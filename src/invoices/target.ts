// Which processor an invoice goes to, and the patient's customer id there: Fortis when the
// patient is linked to a Fortis contact (or only Fortis is connected), else Cash Practice.
import { NotConnectedError } from '../errors.js';
import type { Db } from '../store/db.js';

export interface InvoiceTarget {
  source: 'fortis' | 'cashpractice';
  contactId: string | null;
}

/** The patient's customer id at a processor (a manual link wins, then the newest). */
export function contactIdFor(db: Db, patientId: number, source: string): string | null {
  const row = db
    .prepare(
      `SELECT upstream_id FROM patient_links WHERE patient_id = ? AND source = ?
        ORDER BY manual DESC, linked_at DESC LIMIT 1`,
    )
    .get(patientId, source) as { upstream_id: string } | undefined;
  return row?.upstream_id ?? null;
}

/** Picks the processor for a patient among the connected ones. */
export function chooseTarget(
  db: Db,
  patientId: number,
  connected: { fortis: boolean; cashpractice: boolean },
): InvoiceTarget {
  const fortis = contactIdFor(db, patientId, 'fortis');
  const cash = contactIdFor(db, patientId, 'cashpractice');
  if (connected.fortis && (fortis !== null || !connected.cashpractice || cash === null)) {
    return { source: 'fortis', contactId: fortis };
  }
  if (connected.cashpractice) return { source: 'cashpractice', contactId: cash };
  throw new NotConnectedError(
    'No payment processor is connected, so no invoice can be created.',
    'Connect one with: trackstat connect fortis (or trackstat connect cashpractice). --preview works without one.',
  );
}
