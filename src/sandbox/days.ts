import { DateTime } from 'luxon';

/**
 * Calendar arithmetic on plain day numbers (days since 1970-01-01), which is fast enough for
 * hundreds of thousands of appointments; the time zone only matters when a local wall time is
 * turned into a unix instant (`localToUnix`).
 */
const DAY_MS = 86_400_000;
const dayStrings = new Map<number, string>();

/** The day number of a 'YYYY-MM-DD' date. */
export function dayNumber(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The 'YYYY-MM-DD' of a day number. */
export function dayString(day: number): string {
  let s = dayStrings.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayStrings.set(day, s);
  }
  return s;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Year and month (1-12) of a day number. */
export function yearMonth(day: number): { year: number; month: number } {
  const s = dayString(day);
  return { year: Number(s.slice(0, 4)), month: Number(s.slice(5, 7)) };
}

/** The day number of the same day-of-month `months` later (clamped to the month's last day). */
export function addMonths(day: number, months: number): number {
  const s = dayString(day);
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7)) - 1 + months;
  const d = Number(s.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(d, last)) / DAY_MS);
}

/** The last day (number) of a month given as year + month (1-12). */
export function lastDayOfMonth(year: number, month: number): number {
  return Math.round(Date.UTC(year, month, 0) / DAY_MS);
}

/** Turns local wall time (day number + minutes after midnight) in `zone` into unix seconds. */
export class LocalClock {
  private readonly offsets = new Map<number, number>();

  constructor(readonly zone: string) {}

  /** Unix seconds of a local wall time; the offset is taken at local noon (clinic hours avoid DST gaps). */
  toUnix(day: number, minutes: number): number {
    let offset = this.offsets.get(day);
    if (offset === undefined) {
      offset = DateTime.fromISO(`${dayString(day)}T12:00:00`, { zone: this.zone }).offset;
      this.offsets.set(day, offset);
    }
    return day * 86_400 + (minutes - offset) * 60;
  }

  /** The local day number of a unix instant. */
  dayOf(unix: number): number {
    const dt = DateTime.fromSeconds(unix, { zone: this.zone });
    return dayNumber(dt.toISODate() ?? '1970-01-01');
  }
}

/** Today's date in a zone, from a real instant (used by the server, never by the generator). */
export function todayIn(zone: string, at: Date): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? at.toISOString().slice(0, 10);
}
