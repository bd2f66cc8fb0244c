import { describe, expect, it } from 'vitest';
import { checkDateFormat, toLuxonFormat } from '../../src/ehr-import/date-format.js';
import { parseDateCell, parseDateTimeCell } from '../../src/ehr-import/dates.js';
import { LocalTimeConverter } from '../../src/ehr-import/local-time.js';

describe('date formats', () => {
  it('translates spreadsheet tokens to luxon', () => {
    expect(toLuxonFormat('MM/DD/YYYY')).toBe('M/d/yyyy');
    expect(toLuxonFormat('DD.MM.YYYY')).toBe('d.M.yyyy');
    expect(toLuxonFormat('M/D/YYYY h:mm A')).toBe('M/d/yyyy h:mm a');
    expect(toLuxonFormat('YYYY-MM-DDTHH:mm')).toBe("yyyy-M-d'T'H:mm");
  });

  it('rejects a format without year, month and day', () => {
    expect(checkDateFormat('MM/YYYY')).toMatch(/needs a year, a month and a day/);
    expect(checkDateFormat('DD.MM.YYYY')).toBeUndefined();
  });
});

describe('parseDateCell', () => {
  it('reads ISO and US dates by default', () => {
    expect(parseDateCell('2026-03-08', undefined)).toEqual({ ok: true, value: '2026-03-08' });
    expect(parseDateCell('3/8/2026', undefined)).toEqual({ ok: true, value: '2026-03-08' });
    expect(parseDateCell('3/8/2026 0:00', undefined)).toEqual({ ok: true, value: '2026-03-08' });
  });

  it('rejects dates that are not on the calendar', () => {
    expect(parseDateCell('13/45/2026', undefined)).toEqual({
      ok: false,
      reason: '"13/45/2026" is not a real calendar date',
    });
    expect(parseDateCell('2026-02-29', undefined).ok).toBe(false);
    expect(parseDateCell('2028-02-29', undefined).ok).toBe(true);
    expect(parseDateCell('31.04.2026', 'DD.MM.YYYY')).toEqual({
      ok: false,
      reason: '"31.04.2026" is not a real calendar date',
    });
  });

  it('uses --date-format, and reads the date part of a date-time format', () => {
    expect(parseDateCell('08.03.2026', 'DD.MM.YYYY')).toEqual({ ok: true, value: '2026-03-08' });
    expect(parseDateCell('3/8/2026', 'M/D/YYYY h:mm A')).toEqual({ ok: true, value: '2026-03-08' });
    expect(parseDateCell('2026-03-08', 'DD.MM.YYYY')).toEqual({
      ok: false,
      reason: '"2026-03-08" does not match the date format DD.MM.YYYY',
    });
  });
});

describe('parseDateTimeCell', () => {
  it('reads ISO, US with AM/PM, and formatted date-times', () => {
    const at = { year: 2026, month: 3, day: 9, hour: 14, minute: 30 };
    expect(parseDateTimeCell('2026-03-09 14:30', undefined)).toEqual({ ok: true, value: at });
    expect(parseDateTimeCell('2026-03-09T14:30:00', undefined)).toEqual({ ok: true, value: at });
    expect(parseDateTimeCell('3/9/2026 2:30 PM', undefined)).toEqual({ ok: true, value: at });
    expect(parseDateTimeCell('09.03.2026 14:30', 'DD.MM.YYYY')).toEqual({ ok: true, value: at });
    expect(parseDateTimeCell('03/09/2026 2:30 pm', 'MM/DD/YYYY h:mm A')).toEqual({
      ok: true,
      value: at,
    });
    expect(parseDateTimeCell('3/9/2026 12:05 AM', undefined)).toEqual({
      ok: true,
      value: { ...at, hour: 0, minute: 5 },
    });
  });

  it('reads an ISO date-time with its own offset as an instant', () => {
    expect(parseDateTimeCell('2026-03-09T14:30:00-05:00', undefined)).toEqual({
      ok: true,
      value: { year: 2026, month: 3, day: 9, hour: 14, minute: 30, offsetMinutes: -300 },
    });
    expect(parseDateTimeCell('2026-03-09 19:30Z', undefined)).toEqual({
      ok: true,
      value: { year: 2026, month: 3, day: 9, hour: 19, minute: 30, offsetMinutes: 0 },
    });
    expect(parseDateTimeCell('2026-02-30T10:00:00Z', undefined).ok).toBe(false);
    const ny = new LocalTimeConverter('America/New_York');
    const at = ny.toUtc({ year: 2026, month: 3, day: 9, hour: 19, minute: 30, offsetMinutes: 0 });
    expect(at).toEqual({ ok: true, utcMs: Date.UTC(2026, 2, 9, 19, 30) });
    expect(ny.localOf(Date.UTC(2026, 2, 9, 19, 30))).toEqual({
      year: 2026,
      month: 3,
      day: 9,
      hour: 15,
      minute: 30,
    });
  });

  it('rejects impossible dates and times, and a missing time', () => {
    expect(parseDateTimeCell('13/45/2026 10:00', undefined)).toEqual({
      ok: false,
      reason: '"13/45/2026 10:00" is not a real calendar date',
    });
    expect(parseDateTimeCell('2026-03-09 25:00', undefined).ok).toBe(false);
    expect(parseDateTimeCell('3/9/2026 13:00 PM', undefined).ok).toBe(false);
    expect(parseDateTimeCell('2026-03-09', undefined).ok).toBe(false);
  });
});

describe('LocalTimeConverter', () => {
  const ny = new LocalTimeConverter('America/New_York');
  const utc = (l: Parameters<LocalTimeConverter['toUtc']>[0]) => {
    const r = ny.toUtc(l);
    return r.ok ? new Date(r.utcMs).toISOString() : r.reason;
  };

  it('converts ordinary winter and summer times', () => {
    expect(utc({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 })).toBe(
      '2026-01-15T14:00:00.000Z',
    );
    expect(utc({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 })).toBe(
      '2026-07-15T13:00:00.000Z',
    );
  });

  it('names the spring-forward gap', () => {
    expect(utc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 })).toBe(
      '2026-03-08 02:30 does not exist in America/New_York: clocks jump from 02:00 to 03:00 that day (daylight-saving gap)',
    );
    expect(utc({ year: 2026, month: 3, day: 8, hour: 1, minute: 59 })).toBe(
      '2026-03-08T06:59:00.000Z',
    );
    expect(utc({ year: 2026, month: 3, day: 8, hour: 3, minute: 0 })).toBe(
      '2026-03-08T07:00:00.000Z',
    );
  });

  it('takes the earlier instant of an ambiguous fall-back time', () => {
    // 01:30 happens twice on 2026-11-01: at 05:30Z (EDT) and 06:30Z (EST).
    expect(utc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 })).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(utc({ year: 2026, month: 11, day: 1, hour: 9, minute: 0 })).toBe(
      '2026-11-01T14:00:00.000Z',
    );
  });
});
