// What `trackstat purge` may delete: history only. Current data — patients, cards, plans, care
// plans, balances, invoices, payment links, opt-outs — is never touched, and within the history
// tables rows that still matter today are kept whatever their age (see `keep`).

/** One history table and how its age is read. */
export interface PurgeTarget {
  table: string;
  /** Column holding the row's date. */
  column: string;
  /** 'instant' = UTC ISO-8601 text; 'date' = 'YYYY-MM-DD' in practice time. */
  kind: 'instant' | 'date';
  /** SQL condition for rows kept regardless of age, and why. */
  keep?: { sql: string; why: string };
}

export const purgeTargets: readonly PurgeTarget[] = [
  { table: 'messages', column: 'planned_at', kind: 'instant' },
  { table: 'blast_runs', column: 'started_at', kind: 'instant' },
  { table: 'audit', column: 'at', kind: 'instant' },
  { table: 'transactions', column: 'occurred_at', kind: 'instant' },
  {
    table: 'declined_payments',
    column: 'declined_at',
    kind: 'instant',
    keep: { sql: "status = 'unpaid'", why: 'still owed' },
  },
  { table: 'appointments', column: 'local_date', kind: 'date' },
  {
    table: 'charges',
    column: 'date',
    kind: 'date',
    keep: { sql: 'removed = 0 AND paid_cents < fee_cents', why: 'not fully paid' },
  },
  {
    table: 'posted_payments',
    column: 'paid_at',
    kind: 'instant',
    keep: { sql: 'exported_at IS NULL', why: 'not yet exported to the EHR' },
  },
];

/** The WHERE clause selecting a target's purgeable rows; the one parameter is the cutoff. */
export function purgeCondition(target: PurgeTarget): string {
  // julianday() compares instants written with or without milliseconds or an offset.
  const older =
    target.kind === 'instant'
      ? `julianday(${target.column}) < julianday(?)`
      : `${target.column} < ?`;
  const keep = target.keep ? ` AND NOT (${target.keep.sql})` : '';
  return `${target.column} IS NOT NULL AND ${older}${keep}`;
}
