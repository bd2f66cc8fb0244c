// Pay-wall payment links in the cache. The row (with its stable api id) is written BEFORE the
// processor is called, so a run killed mid-call is retried with the same id and the processor
// answers with the link it already made instead of a second one (STYLE rule 6).
import type { Db } from '../store/db.js';
import type { PaywallItem } from './plan.js';

/** What the processor needs to make a pay-wall sale link. */
export interface PaylinkRequest {
  apiId: string;
  amountCents: number;
  contactId: string | null;
  description: string;
  email: string | null;
  mobile: string | null;
}

/** The processor side of the pay wall (Fortis paylinks with paylink_action "sale"). */
export interface PaylinkPort {
  source: 'fortis' | 'cashpractice';
  create(request: PaylinkRequest): Promise<{ upstreamId: string; url: string }>;
}

/** Writes (or finds) the local link row for an item; returns its id. */
export function reserveLink(db: Db, item: PaywallItem, source: string, now: Date): number {
  if (item.existing) return item.existing.id;
  db.prepare(
    `INSERT INTO payment_links (source, api_id, purpose, patient_id, contact_id, appointment_id, amount_cents,
       status, created_at)
     VALUES (?, ?, 'paywall', ?, ?, ?, ?, 'planned', ?)
     ON CONFLICT (api_id) DO NOTHING`,
  ).run(
    source,
    item.apiId,
    item.patientId,
    item.contactId,
    item.appointmentId,
    item.amountCents,
    now.toISOString(),
  );
  const row = db.prepare('SELECT id FROM payment_links WHERE api_id = ?').get(item.apiId) as {
    id: number;
  };
  return row.id;
}

/** Records the processor's answer on the local row. */
export function recordLinkCreated(
  db: Db,
  linkId: number,
  created: { upstreamId: string; url: string },
  now: Date,
): void {
  db.prepare(
    `UPDATE payment_links SET upstream_id = ?, url = ?, status = CASE WHEN status = 'planned' THEN 'open' ELSE status END,
       modified_at = ? WHERE id = ?`,
  ).run(created.upstreamId, created.url, now.toISOString(), linkId);
}

/** The link's current URL (null until the processor made it). */
export function linkUrl(db: Db, linkId: number): string | null {
  const row = db.prepare('SELECT url FROM payment_links WHERE id = ?').get(linkId) as
    { url: string | null } | undefined;
  return row?.url ?? null;
}
