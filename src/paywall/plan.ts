// Which upcoming appointments need a pay-wall link (SPEC §3.6): a future appointment of a
// pay-walled type within the horizon, with no paid pay-wall payment. An appointment that already
// has a link is planned again only for sending (the messaging ledger's dedupe key makes that a no-op
// once sent), never for a second link.
import { createHash } from 'node:crypto';
import { addDays, todayIn } from '../domain/dates.js';
import type { Db } from '../store/db.js';
import type { PaywallMode } from './rules.js';

export interface PaywallItem {
  appointmentId: string;
  patientId: number;
  patientName: string;
  firstName: string;
  account: string | null;
  email: string | null;
  mobile: string | null;
  type: string;
  startUtc: string;
  startLocal: string;
  amountCents: number;
  mode: PaywallMode;
  /** When payment is due (start − due-within), ISO instant. */
  dueAt: string;
  /** The processor's customer id when the patient is linked to one. */
  contactId: string | null;
  /** Stable idempotency id (paylink_api_id) for this appointment. */
  apiId: string;
  /** The link already created for this appointment, if any. */
  existing: { id: number; url: string | null; status: string; upstreamId: string | null } | null;
}

/** The paylink_api_id for an appointment: alphanumeric, stable across runs and retries. */
export function paywallApiId(appointmentId: string): string {
  const digest = createHash('sha256').update(`paywall:${appointmentId}`).digest('hex');
  return `tspw${digest.slice(0, 28)}`;
}

interface Row {
  id: string;
  patient_id: number;
  first_name: string | null;
  last_name: string | null;
  account: string | null;
  email: string | null;
  mobile: string | null;
  type: string;
  start_utc: string;
  start_local: string;
  amount_cents: number;
  mode: PaywallMode;
  due_within_minutes: number;
  contact_id: string | null;
  link_id: number | null;
  link_url: string | null;
  link_status: string | null;
  link_upstream_id: string | null;
}

/** Upcoming pay-walled appointments without a payment, from now to now + horizon. */
export function planPaywall(
  db: Db,
  options: { now: Date; horizonMinutes: number; timeZone: string; source: string },
): PaywallItem[] {
  const { now, horizonMinutes } = options;
  const end = now.getTime() + horizonMinutes * 60_000;
  // Narrow by the indexed local date first (a day of slack either side for time zones), then exactly.
  const from = addDays(todayIn(options.timeZone, now), -1);
  const to = addDays(todayIn(options.timeZone, new Date(end)), 1);
  const rows = db
    .prepare(
      `SELECT a.id, a.patient_id, p.first_name, p.last_name, p.account, p.email, p.mobile, a.type,
              a.start_utc, a.start_local, r.amount_cents, r.mode, r.due_within_minutes,
              (SELECT pl.upstream_id FROM patient_links pl WHERE pl.patient_id = a.patient_id AND pl.source = @source
                 ORDER BY pl.manual DESC, pl.linked_at DESC LIMIT 1) AS contact_id,
              l.id AS link_id, l.url AS link_url, l.status AS link_status, l.upstream_id AS link_upstream_id
         FROM appointments a
         JOIN paywall_rules r ON r.type = a.type COLLATE NOCASE
         JOIN patients p ON p.id = a.patient_id
         LEFT JOIN payment_links l ON l.appointment_id = a.id AND l.purpose = 'paywall' AND l.status <> 'void'
        WHERE a.local_date BETWEEN @from AND @to AND a.removed = 0 AND a.status = 'future'
          AND NOT EXISTS (SELECT 1 FROM posted_payments pp WHERE pp.appointment_id = a.id)
        ORDER BY a.start_utc, a.id`,
    )
    .all({ from, to, source: options.source }) as Row[];
  // A link that already went out (or is going out) needs nothing more from this run.
  const messaged = db.prepare(
    `SELECT 1 FROM messages WHERE purpose = 'paywall' AND patient_id = ? AND dedupe_key LIKE ? ESCAPE '\\'
       AND status IN ('sending', 'sent', 'unknown') LIMIT 1`,
  );
  const items: PaywallItem[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const start = Date.parse(r.start_utc);
    if (Number.isNaN(start) || start <= now.getTime() || start > end) continue;
    if (r.link_status === 'paid' || r.link_status === 'used') continue;
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const period = r.id.replace(/[\\%_]/g, '\\$&');
    if (r.link_url !== null && messaged.get(r.patient_id, `paywall:${r.patient_id}:%:${period}`)) {
      continue;
    }
    items.push({
      appointmentId: r.id,
      patientId: r.patient_id,
      patientName: [r.first_name, r.last_name].filter(Boolean).join(' '),
      firstName: r.first_name ?? '',
      account: r.account,
      email: r.email,
      mobile: r.mobile,
      type: r.type,
      startUtc: r.start_utc,
      startLocal: r.start_local,
      amountCents: r.amount_cents,
      mode: r.mode,
      dueAt: new Date(start - r.due_within_minutes * 60_000).toISOString(),
      contactId: r.contact_id,
      apiId: paywallApiId(r.id),
      existing:
        r.link_id === null
          ? null
          : {
              id: r.link_id,
              url: r.link_url,
              status: r.link_status ?? 'open',
              upstreamId: r.link_upstream_id,
            },
    });
  }
  return items;
}
