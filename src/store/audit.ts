import type { Db } from './db.js';

export interface AuditEntry {
  id: number;
  at: string;
  command: string;
  profile: string;
  counts: Record<string, number | string>;
  output_file: string | null;
}

/** Appends one audit line (no message bodies, no card data: counts and file names only). */
export function recordAudit(
  db: Db,
  entry: {
    at: Date;
    command: string;
    profile: string;
    counts: Record<string, number | string>;
    outputFile?: string | undefined;
  },
): void {
  db.prepare(
    'INSERT INTO audit (at, command, profile, counts, output_file) VALUES (?, ?, ?, ?, ?)',
  ).run(
    entry.at.toISOString(),
    entry.command,
    entry.profile,
    JSON.stringify(entry.counts),
    entry.outputFile ?? null,
  );
}

/** The audit lines, newest first. */
export function listAudit(
  db: Db,
  options: { limit: number; since?: string | undefined },
): AuditEntry[] {
  const rows = db
    .prepare(
      `SELECT id, at, command, profile, counts, output_file FROM audit
       WHERE (? IS NULL OR at >= ?) ORDER BY id DESC LIMIT ?`,
    )
    .all(options.since ?? null, options.since ?? null, options.limit) as Array<
    Omit<AuditEntry, 'counts'> & { counts: string }
  >;
  return rows.map((r) => ({
    ...r,
    counts: JSON.parse(r.counts) as Record<string, number | string>,
  }));
}
