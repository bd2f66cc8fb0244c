import { DateTime } from 'luxon';
import type { Age } from './age.js';

/** The moment before which history is purged, as an instant and as a practice-local date. */
export interface Cutoff {
  /** UTC ISO-8601 instant, compared with *_at columns. */
  instant: string;
  /** 'YYYY-MM-DD' in the practice time zone, compared with calendar-date columns. */
  date: string;
}

/** Now minus the age, computed in the practice time zone (so "3y" lands on the same local day). */
export function cutoffFor(now: Date, timezone: string, age: Age): Cutoff {
  const local = DateTime.fromJSDate(now, { zone: timezone }).minus({ [age.unit]: age.amount });
  return {
    instant: local.toUTC().toISO({ suppressMilliseconds: false }) ?? now.toISOString(),
    date: local.toISODate() ?? now.toISOString().slice(0, 10),
  };
}
