import { IANAZone } from 'luxon';

/** A wall-clock date and time with no zone. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** Set when the text carried its own UTC offset (`2026-03-09T14:30:00-05:00`, `…Z`). */
  offsetMinutes?: number;
}

export type Instant = { ok: true; utcMs: number } | { ok: false; reason: string };

const DAY = 86_400_000;

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether year-month-day is a real calendar date. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return (
    year >= 1000 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 'YYYY-MM-DD'. */
export function isoDate(l: { year: number; month: number; day: number }): string {
  return `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)}`;
}

/** 'YYYY-MM-DDTHH:MM'. */
export function isoLocal(l: LocalDateTime): string {
  return `${isoDate(l)}T${pad(l.hour)}:${pad(l.minute)}`;
}

/**
 * Converts practice-local wall times to UTC instants. Most days have one offset, cached per date so a
 * 600,000-row schedule costs a few zone look-ups; transition days take the careful path: a time in
 * the spring-forward gap is an error, an ambiguous fall-back time takes the earlier instant.
 */
export class LocalTimeConverter {
  private readonly zone: IANAZone;
  private readonly dayOffsets = new Map<string, number | null>();

  constructor(readonly zoneName: string) {
    this.zone = IANAZone.create(zoneName);
    if (!this.zone.isValid) throw new Error(`invalid time zone ${zoneName}`);
  }

  /** The UTC instant of a local wall time, or why there is none. */
  toUtc(l: LocalDateTime): Instant {
    const wall = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
    if (l.offsetMinutes !== undefined) return { ok: true, utcMs: wall - l.offsetMinutes * 60_000 };
    const date = isoDate(l);
    let fixed = this.dayOffsets.get(date);
    if (fixed === undefined) {
      const midnight = Date.UTC(l.year, l.month - 1, l.day);
      const before = this.zone.offset(midnight - DAY);
      const after = this.zone.offset(midnight + 2 * DAY);
      fixed = before === after ? before : null;
      if (this.dayOffsets.size > 50_000) this.dayOffsets.clear();
      this.dayOffsets.set(date, fixed);
    }
    if (fixed !== null) return { ok: true, utcMs: wall - fixed * 60_000 };
    return this.onTransitionDay(wall, l);
  }

  /** The practice-local wall time of an instant. */
  localOf(utcMs: number): LocalDateTime {
    const d = new Date(utcMs + this.zone.offset(utcMs) * 60_000);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
    };
  }

  private onTransitionDay(wall: number, l: LocalDateTime): Instant {
    const candidates = new Set([this.zone.offset(wall - DAY), this.zone.offset(wall + DAY)]);
    const instants: number[] = [];
    for (const offset of candidates) {
      const at = wall - offset * 60_000;
      if (this.zone.offset(at) === offset) instants.push(at);
    }
    if (instants.length > 0) return { ok: true, utcMs: Math.min(...instants) };
    const [from, to] = this.gapAround(wall);
    return {
      ok: false,
      reason: `${isoLocal(l).replace('T', ' ')} does not exist in ${this.zoneName}: clocks jump from ${from} to ${to} that day (daylight-saving gap)`,
    };
  }

  /** The local wall times at which a spring-forward gap starts and ends, as HH:MM. */
  private gapAround(wall: number): [string, string] {
    const earlyOffset = this.zone.offset(wall - DAY);
    let lo = wall - DAY;
    let hi = wall + DAY;
    // Binary search (to the minute) for the instant the offset changes.
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (this.zone.offset(mid) === earlyOffset) lo = mid;
      else hi = mid;
    }
    const clock = (ms: number, offset: number): string => {
      const d = new Date(ms + offset * 60_000);
      return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    };
    return [clock(hi, earlyOffset), clock(hi, this.zone.offset(hi))];
  }
}
