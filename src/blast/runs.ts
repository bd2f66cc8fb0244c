// Blast runs (blast_runs table). A run that did not finish (killed, quiet hours with --schedule,
// a stopped provider) is resumed by the next blast, so its planned messages keep their dedupe keys
// and its links their ids: a re-run sends the rest and never a duplicate.
import type { Db } from '../store/db.js';

export type RunStatus = 'planned' | 'scheduled' | 'sending' | 'done' | 'partial' | 'aborted';

export interface RunRow {
  id: string;
  purpose: string;
  started_at: string;
  finished_at: string | null;
  audience: string | null;
  channels: string | null;
  status: RunStatus;
  counts: string;
}

/**
 * A new run id from the start time: "cu-20261127-143005", with "-2", "-3"… when a run already has
 * that second (two blasts in one second, or a pinned TRACKSTAT_NOW), so no run overwrites another.
 */
export function newRunId(db: Db, now: Date): string {
  const s = now.toISOString();
  const base = `cu-${s.slice(0, 10).replace(/-/g, '')}-${s.slice(11, 19).replace(/:/g, '')}`;
  const taken = db.prepare('SELECT 1 FROM blast_runs WHERE id = ?');
  let id = base;
  for (let n = 2; taken.get(id) !== undefined; n++) id = `${base}-${n}`;
  return id;
}

/** The latest unfinished run of a purpose, if any. */
export function findUnfinishedRun(db: Db, purpose: string): RunRow | undefined {
  return db
    .prepare(
      `SELECT * FROM blast_runs WHERE purpose = ? AND status IN ('planned', 'scheduled', 'sending')
       ORDER BY started_at DESC LIMIT 1`,
    )
    .get(purpose) as RunRow | undefined;
}

/** Creates the run row (no-op when it exists). */
export function createRun(
  db: Db,
  run: { id: string; purpose: string; audience: string; channels: string; at: Date },
): void {
  db.prepare(
    `INSERT INTO blast_runs (id, purpose, started_at, audience, channels, status)
     VALUES (?, ?, ?, ?, ?, 'planned') ON CONFLICT (id) DO NOTHING`,
  ).run(run.id, run.purpose, run.at.toISOString(), run.audience, run.channels);
}

/** Sets a run's status (and, when it ends, its finish time and counts). */
export function setRunStatus(
  db: Db,
  id: string,
  status: RunStatus,
  at: Date,
  counts?: Record<string, unknown>,
): void {
  const ended = status === 'done' || status === 'partial' || status === 'aborted';
  db.prepare(
    `UPDATE blast_runs SET status = ?, finished_at = ?, counts = COALESCE(?, counts) WHERE id = ?`,
  ).run(status, ended ? at.toISOString() : null, counts ? JSON.stringify(counts) : null, id);
}

/** Past runs, newest first. */
export function listRuns(db: Db, limit: number): RunRow[] {
  return db
    .prepare('SELECT * FROM blast_runs ORDER BY started_at DESC LIMIT ?')
    .all(limit) as RunRow[];
}

/** One run by id. */
export function getRun(db: Db, id: string): RunRow | undefined {
  return db.prepare('SELECT * FROM blast_runs WHERE id = ?').get(id) as RunRow | undefined;
}

/** Message counts of a run by channel and status. */
export function runMessageCounts(
  db: Db,
  id: string,
): Array<{ channel: string; status: string; reason: string | null; n: number }> {
  return db
    .prepare(
      `SELECT channel, status, COALESCE(skip_reason, error_code) AS reason, count(*) AS n
       FROM messages WHERE run_id = ? GROUP BY channel, status, reason ORDER BY channel, status`,
    )
    .all(id) as Array<{ channel: string; status: string; reason: string | null; n: number }>;
}

export interface RunMessage {
  patient: string;
  account: string | null;
  channel: string;
  status: string;
  reason: string | null;
  card_updated: number;
  at: string | null;
}

/** Every message of a run, with whether the patient's link was used (the card got updated). */
export function runMessages(db: Db, id: string): RunMessage[] {
  return db
    .prepare(
      `SELECT trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) AS patient,
         p.account, m.channel, m.status, COALESCE(m.skip_reason, m.error_code) AS reason,
         CASE WHEN l.status = 'used' THEN 1 ELSE 0 END AS card_updated,
         COALESCE(m.finished_at, m.attempted_at, m.planned_at) AS at
       FROM messages m
       LEFT JOIN patients p ON p.id = m.patient_id
       LEFT JOIN payment_links l ON l.id = m.link_id
       WHERE m.run_id = ? ORDER BY m.id`,
    )
    .all(id) as RunMessage[];
}
