// Card-update links in the cache. The row, with its stable api id (patient + run), is written
// BEFORE the processor is called, so a retry asks for the same link and never makes a second one.
import type { Db } from '../store/db.js';

/** What a processor needs to make a card-update link. */
export interface CardUpdateLinkRequest {
  apiId: string;
  amountCents: number;
  contactId: string | null;
  email: string | null;
  mobile: string | null;
}

/** The processor side: a Fortis auth-only paylink storing a token, or a Cash Practice store-billing link. */
export interface CardUpdateLinkPort {
  source: 'fortis' | 'cashpractice';
  create(request: CardUpdateLinkRequest): Promise<{ upstreamId: string; url: string }>;
}

/** The link id for a patient in a run: stable across retries, unique across runs. */
export function cardUpdateApiId(runId: string, patientId: number): string {
  return `ts-${runId}-p${patientId}`;
}

export interface LinkRow {
  id: number;
  source: string;
  upstream_id: string | null;
  api_id: string;
  url: string | null;
  status: string;
}

/** Writes (or finds) the local link row; returns it. */
export function reserveCardUpdateLink(
  db: Db,
  link: {
    apiId: string;
    source: string;
    patientId: number;
    contactId: string | null;
    runId: string;
    amountCents: number;
  },
  now: Date,
): LinkRow {
  db.prepare(
    `INSERT INTO payment_links (source, api_id, purpose, patient_id, contact_id, run_id, amount_cents,
       status, created_at)
     VALUES (?, ?, 'card_update', ?, ?, ?, ?, 'planned', ?)
     ON CONFLICT (api_id) DO NOTHING`,
  ).run(
    link.source,
    link.apiId,
    link.patientId,
    link.contactId,
    link.runId,
    link.amountCents,
    now.toISOString(),
  );
  return db
    .prepare(
      'SELECT id, source, upstream_id, api_id, url, status FROM payment_links WHERE api_id = ?',
    )
    .get(link.apiId) as LinkRow;
}

/** Records the processor's answer on the local row. */
export function recordCardUpdateLink(
  db: Db,
  id: number,
  created: { upstreamId: string; url: string },
  now: Date,
): void {
  db.prepare(
    `UPDATE payment_links SET upstream_id = ?, url = ?,
       status = CASE WHEN status = 'planned' THEN 'open' ELSE status END, modified_at = ?
     WHERE id = ?`,
  ).run(created.upstreamId, created.url, now.toISOString(), id);
}
