// Durations typed on the command line ("24h", "90m", "2d", "1w") as whole minutes.

const unitMinutes: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10080 };

/** Parses "24h", "90m", "2d", "1w" (or a bare number of hours) into minutes; undefined if invalid. */
export function parseDurationMinutes(text: string): number | undefined {
  const m = /^(\d{1,5})\s*([mhdw]?)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase() || 'h';
  const minutes = Number(m[1]) * (unitMinutes[unit] ?? 60);
  return Number.isSafeInteger(minutes) ? minutes : undefined;
}

/** Shows minutes the way a user would type them: 1440 → "24h", 90 → "90m", 10080 → "7d". */
export function formatDuration(minutes: number): string {
  if (minutes > 0 && minutes % 1440 === 0 && minutes >= 2880) return `${minutes / 1440}d`;
  if (minutes > 0 && minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
