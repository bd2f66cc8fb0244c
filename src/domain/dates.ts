// Calendar arithmetic on 'YYYY-MM-DD' strings. A calendar date has no time zone and no DST, so all
// arithmetic runs on UTC midnights; the practice time zone matters only when turning an instant into
// "today" (todayIn). Intl is used instead of luxon to keep the report path fast to start.

/** A calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

// Reports do this arithmetic for every row on the same few dates (thousands of rows, a handful of
// dates): both conversions are memoised, in bounded maps.
const msOfDate = new Map<IsoDate, number>();
const dateOfMs = new Map<number, IsoDate>();
const memoLimit = 10_000;

function toMs(date: IsoDate): number {
  let ms = msOfDate.get(date);
  if (ms === undefined) {
    const m = isoDatePattern.exec(date);
    if (!m) throw new RangeError(`not a date: ${date}`);
    ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (msOfDate.size >= memoLimit) msOfDate.clear();
    msOfDate.set(date, ms);
  }
  return ms;
}

function fromMs(ms: number): IsoDate {
  let date = dateOfMs.get(ms);
  if (date === undefined) {
    date = new Date(ms).toISOString().slice(0, 10);
    if (dateOfMs.size >= memoLimit) dateOfMs.clear();
    dateOfMs.set(ms, date);
  }
  return date;
}

/** Whether the text is a real calendar date in 'YYYY-MM-DD' form (2026-02-29 is not). */
export function isIsoDate(text: string): boolean {
  const m = isoDatePattern.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/** Number of days in a month (month 1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date n days later (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  return fromMs(toMs(date) + n * DAY_MS);
}

/** Whole days from a to b (b − a); negative when b is earlier. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const d = new Date(toMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the week containing the date (weeks run Monday..Sunday). */
export function startOfWeek(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** The Sunday of the week containing the date. */
export function endOfWeek(date: IsoDate): IsoDate {
  return addDays(date, 7 - isoWeekday(date));
}

/**
 * Orders ISO-8601 texts (dates or instants; null/absent first) by code unit, which for one format is
 * chronological order. Not localeCompare: its first call loads ICU's collator (~5 ms of startup).
 */
export function compareIso(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The first day of the date's month. */
export function startOfMonth(date: IsoDate): IsoDate {
  return `${date.slice(0, 8)}01`;
}

/** The last day of the date's month. */
export function endOfMonth(date: IsoDate): IsoDate {
  return lastDayOfMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
}

/** The last day of a month (month 1–12) as a date. */
export function lastDayOfMonth(year: number, month: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/** The same day n months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, n: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD; formatToParts keeps us independent of that detail anyway.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(timeZone: string, at: Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return parts;
}

/** The calendar date of an instant in a time zone ("today" in the practice time zone). */
export function todayIn(timeZone: string, now: Date): IsoDate {
  const p = localParts(timeZone, now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The wall-clock 'HH:MM' of an instant in a time zone. */
export function localTimeIn(timeZone: string, at: Date): string {
  const p = localParts(timeZone, at);
  return `${p.hour}:${p.minute}`;
}
