// The message ledger (messages table): every intended message is written `planned` with a dedupe
// key before any provider call, `sending` just before it, then `sent`/`failed`. A row still
// `sending` after a crash becomes `unknown` and is resolved by asking the provider — never resent.
import type { Db } from '../store/db.js';

export type Channel = 'sms' | 'email';
export type MessageStatus = 'planned' | 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown';

export interface MessageRow {
  id: number;
  run_id: string | null;
  patient_id: number | null;
  channel: Channel;
  purpose: string;
  dedupe_key: string;
  template: string | null;
  to_address: string | null;
  link_id: number | null;
  status: MessageStatus;
  skip_reason: string | null;
  provider_id: string | null;
  error_code: string | null;
  error_message: string | null;
  segments: number | null;
  planned_at: string;
  attempted_at: string | null;
  finished_at: string | null;
}

export interface PlannedMessage {
  runId: string | null;
  patientId: number;
  channel: Channel;
  purpose: string;
  dedupeKey: string;
  template?: string | undefined;
  to: string | null;
  linkId?: number | undefined;
  segments?: number | undefined;
  status?: 'planned' | 'skipped';
  skipReason?: string | undefined;
}

/** The dedupe key: purpose + patient + channel + period (a blast run, an appointment, an invoice). */
export function dedupeKey(
  purpose: string,
  patientId: number,
  channel: Channel,
  period: string,
): string {
  return `${purpose}:${patientId}:${channel}:${period}`;
}

/** Writes a planned (or skipped) message unless its dedupe key exists; returns the row either way. */
export function planMessage(db: Db, m: PlannedMessage, at: Date): MessageRow {
  db.prepare(
    `INSERT INTO messages (run_id, patient_id, channel, purpose, dedupe_key, template, to_address,
       link_id, status, skip_reason, segments, planned_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  ).run(
    m.runId,
    m.patientId,
    m.channel,
    m.purpose,
    m.dedupeKey,
    m.template ?? null,
    m.to,
    m.linkId ?? null,
    m.status ?? 'planned',
    m.skipReason ?? null,
    m.segments ?? null,
    at.toISOString(),
  );
  return db.prepare('SELECT * FROM messages WHERE dedupe_key = ?').get(m.dedupeKey) as MessageRow;
}

/** One message by id. */
export function getMessage(db: Db, id: number): MessageRow | undefined {
  return db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
}

/** Marks a planned message as being sent, right before the provider call. False if not planned. */
export function markSending(db: Db, id: number, at: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE messages SET status = 'sending', attempted_at = ? WHERE id = ? AND status = 'planned'`,
      )
      .run(at.toISOString(), id).changes === 1
  );
}

/** Records a provider acceptance. */
export function markSent(db: Db, id: number, providerId: string, at: Date): void {
  db.prepare(
    `UPDATE messages SET status = 'sent', provider_id = ?, error_code = NULL, error_message = NULL,
       finished_at = ? WHERE id = ?`,
  ).run(providerId, at.toISOString(), id);
}

/** Records a refusal (never retried blindly). */
export function markFailed(
  db: Db,
  id: number,
  code: string | undefined,
  message: string,
  at: Date,
): void {
  db.prepare(
    `UPDATE messages SET status = 'failed', error_code = ?, error_message = ?, finished_at = ? WHERE id = ?`,
  ).run(code ?? null, message.slice(0, 300), at.toISOString(), id);
}

/** Records that a message will not be sent, and why. */
export function markSkipped(db: Db, id: number, reason: string, at: Date): void {
  db.prepare(
    `UPDATE messages SET status = 'skipped', skip_reason = ?, finished_at = ? WHERE id = ?`,
  ).run(reason, at.toISOString(), id);
}

/** The outcome of an attempt is not known (crash, timeout): left for the provider look-up. */
export function markUnknown(db: Db, id: number, message: string): void {
  db.prepare(`UPDATE messages SET status = 'unknown', error_message = ? WHERE id = ?`).run(
    message.slice(0, 300),
    id,
  );
}

/** Puts a message back to planned (a 429 that was never processed, a scheduled send). */
export function markPlannedAgain(db: Db, id: number): void {
  db.prepare(`UPDATE messages SET status = 'planned', attempted_at = NULL WHERE id = ?`).run(id);
}

/** Attaches the payment link a message carries. */
export function setMessageLink(db: Db, id: number, linkId: number): void {
  db.prepare('UPDATE messages SET link_id = ? WHERE id = ?').run(linkId, id);
}

/** Rows left `sending` by a process that died become `unknown` (only when no live run holds them). */
export function markStaleSendingUnknown(db: Db, purpose?: string): number {
  const sql = `UPDATE messages SET status = 'unknown',
      error_message = 'the run stopped while sending; outcome to be checked with the provider'
     WHERE status = 'sending'${purpose ? ' AND purpose = ?' : ''}`;
  return (purpose ? db.prepare(sql).run(purpose) : db.prepare(sql).run()).changes;
}

/** Planned messages of a run, in plan order. */
export function plannedOf(db: Db, runId: string): MessageRow[] {
  return db
    .prepare(`SELECT * FROM messages WHERE run_id = ? AND status = 'planned' ORDER BY id`)
    .all(runId) as MessageRow[];
}

/** Messages whose outcome must be checked with the provider. */
export function unknownMessages(db: Db): MessageRow[] {
  return db
    .prepare(`SELECT * FROM messages WHERE status = 'unknown' ORDER BY id`)
    .all() as MessageRow[];
}

/** Whether a text was ever accepted for this number (decides the opt-out line). */
export function hasTextedBefore(db: Db, to: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM messages WHERE channel = 'sms' AND to_address = ?
           AND status IN ('sent', 'sending', 'unknown') LIMIT 1`,
      )
      .get(to) !== undefined
  );
}

/**
 * Whether the patient got (or may have got) a message of this purpose since `since`, outside the
 * given run — the per-patient cool-down.
 */
export function messagedSince(
  db: Db,
  patientId: number,
  purpose: string,
  since: Date,
  exceptRunId: string | null,
): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM messages WHERE patient_id = ? AND purpose = ?
           AND status IN ('sent', 'sending', 'unknown') AND COALESCE(attempted_at, planned_at) >= ?
           AND (run_id IS NULL OR run_id <> ?) LIMIT 1`,
      )
      .get(patientId, purpose, since.toISOString(), exceptRunId ?? '') !== undefined
  );
}
