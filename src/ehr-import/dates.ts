import { DateTime } from 'luxon';
import { hasTimeTokens, toLuxonFormat } from './date-format.js';
import { isCalendarDate, isoDate, type LocalDateTime } from './local-time.js';
import type { Parsed } from './values.js';

// Without a date format, dates are ISO (2026-03-08) or US (3/8/2026), the two forms EHR exports use
// in the clinics trackstat serves; anything else needs --date-format.
const isoDay = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const usDay = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const timeOfDay = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp])?\.?\s*(?:[Mm]\.?)?$/;

const notCalendar = (raw: string): Parsed<never> => ({
  ok: false,
  reason: `"${raw}" is not a real calendar date`,
});

function day(
  y: number,
  m: number,
  d: number,
  raw: string,
): Parsed<{ year: number; month: number; day: number }> {
  if (!isCalendarDate(y, m, d)) return notCalendar(raw);
  return { ok: true, value: { year: y, month: m, day: d } };
}

function defaultDay(
  text: string,
  raw: string,
): Parsed<{ year: number; month: number; day: number }> | undefined {
  let m = isoDay.exec(text);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = usDay.exec(text);
  if (m) return day(Number(m[3]), Number(m[1]), Number(m[2]), raw);
  return undefined;
}

function withFormat(text: string, format: string, raw: string): Parsed<DateTime> {
  const parsed = DateTime.fromFormat(text, toLuxonFormat(format), { zone: 'UTC', locale: 'en-US' });
  if (parsed.isValid) return { ok: true, value: parsed };
  if (parsed.invalidReason === 'unit out of range') return notCalendar(raw);
  return { ok: false, reason: `"${raw}" does not match the date format ${format}` };
}

/** Splits "DATE TIME" into the date text and hour/minute, when the text ends with a time of day. */
function splitTime(
  text: string,
): { date: string; hour: number; minute: number; valid: boolean } | undefined {
  const at = text.search(/[T\s]\d{1,2}:\d{2}/);
  if (at < 0) return undefined;
  const m = timeOfDay.exec(text.slice(at + 1).trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  let valid = minute < 60 && second < 60;
  if (m[4]) {
    valid &&= hour >= 1 && hour <= 12;
    hour = (hour % 12) + (m[4].toLowerCase() === 'p' ? 12 : 0);
  } else {
    valid &&= hour < 24;
  }
  return { date: text.slice(0, at).trim(), hour, minute, valid };
}

/** A calendar date cell → 'YYYY-MM-DD'. A time of day after the date (Excel's "0:00") is ignored. */
export function parseDateCell(raw: string, format: string | undefined): Parsed<string> {
  const text = raw.trim();
  if (format !== undefined) {
    const whole = withFormat(text, format, raw);
    if (whole.ok || !hasTimeTokens(format)) {
      return whole.ok ? { ok: true, value: whole.value.toISODate() ?? '' } : whole;
    }
    // A date-time format given for every column: date columns may hold just the date part.
    const datePart = format.split(/[T\s]+(?=[Hh])/)[0] ?? format;
    const part = withFormat(text, datePart, raw);
    return part.ok ? { ok: true, value: part.value.toISODate() ?? '' } : whole;
  }
  const split = splitTime(text);
  const found = defaultDay(split ? split.date : text, raw);
  if (!found)
    return {
      ok: false,
      reason: `"${raw}" is not a date (use YYYY-MM-DD or MM/DD/YYYY, or give --date-format)`,
    };
  return found.ok ? { ok: true, value: isoDate(found.value) } : found;
}

// An ISO-8601 date-time with its own offset names an instant, whatever the practice time zone.
const isoWithOffset =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|([+-])(\d{2}):?(\d{2}))$/i;

function withOffset(m: RegExpExecArray, raw: string): Parsed<LocalDateTime> {
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isCalendarDate(year, month, day)) return notCalendar(raw);
  if (hour > 23 || minute > 59)
    return { ok: false, reason: `"${raw}" has an impossible time of day` };
  const sign = m[8] === '-' ? -1 : 1;
  const offsetMinutes =
    m[7]?.toUpperCase() === 'Z' ? 0 : sign * (Number(m[9]) * 60 + Number(m[10]));
  return { ok: true, value: { year, month, day, hour, minute, offsetMinutes } };
}

/**
 * A date-time cell → its wall-clock parts: a practice-local time, or (ISO-8601 with `Z` or an
 * offset) an explicit instant.
 */
export function parseDateTimeCell(raw: string, format: string | undefined): Parsed<LocalDateTime> {
  const text = raw.trim();
  const explicit = isoWithOffset.exec(text);
  if (explicit) return withOffset(explicit, raw);
  if (format !== undefined && hasTimeTokens(format)) {
    const r = withFormat(text, format, raw);
    if (!r.ok) return r;
    const v = r.value;
    return {
      ok: true,
      value: { year: v.year, month: v.month, day: v.day, hour: v.hour, minute: v.minute },
    };
  }
  const split = splitTime(text);
  if (!split) {
    return {
      ok: false,
      reason: `"${raw}" is not a date and time (use e.g. 2026-03-09 14:30 or 3/9/2026 2:30 PM)`,
    };
  }
  if (!split.valid) return { ok: false, reason: `"${raw}" has an impossible time of day` };
  let d: Parsed<{ year: number; month: number; day: number }> | undefined;
  if (format !== undefined) {
    const r = withFormat(split.date, format, raw);
    d = r.ok
      ? { ok: true, value: { year: r.value.year, month: r.value.month, day: r.value.day } }
      : r;
  } else {
    d = defaultDay(split.date, raw);
  }
  if (!d)
    return {
      ok: false,
      reason: `"${raw}" is not a date and time (use e.g. 2026-03-09 14:30, or give --date-format)`,
    };
  if (!d.ok) return d;
  return { ok: true, value: { ...d.value, hour: split.hour, minute: split.minute } };
}
