import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  endOfMonth,
  endOfWeek,
  isIsoDate,
  isoWeekday,
  lastDayOfMonth,
  localTimeIn,
  startOfWeek,
  todayIn,
} from '../../src/domain/dates.js';
import { resolveDateWord } from '../../src/domain/date-words.js';

describe('todayIn', () => {
  it('uses the practice time zone, not UTC', () => {
    // 03:30 UTC on Nov 27 is still Nov 26 in Chicago (UTC−6) and already Nov 27 in London.
    const at = new Date('2026-11-27T03:30:00Z');
    expect(todayIn('America/Chicago', at)).toBe('2026-11-26');
    expect(todayIn('Europe/London', at)).toBe('2026-11-27');
    expect(localTimeIn('America/Chicago', at)).toBe('21:30');
  });

  it('follows DST: 05:30 UTC is the evening before in Denver, 06:30 UTC is the next day in summer only', () => {
    expect(todayIn('America/Denver', new Date('2026-01-15T05:30:00Z'))).toBe('2026-01-14');
    expect(todayIn('America/Denver', new Date('2026-07-15T05:30:00Z'))).toBe('2026-07-14');
    expect(todayIn('America/Denver', new Date('2026-07-15T06:30:00Z'))).toBe('2026-07-15');
  });
});

describe('calendar arithmetic', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-08', -8)).toBe('2026-02-28');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    // A DST change (US: 2026-03-08) does not make a day 23 hours long in date arithmetic.
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
  });

  it('knows real dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
    expect(lastDayOfMonth(2026, 2)).toBe('2026-02-28');
    expect(endOfMonth('2026-11-05')).toBe('2026-11-30');
  });

  it('weeks run Monday to Sunday', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(startOfWeek('2026-11-29')).toBe('2026-11-23');
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23');
    expect(endOfWeek('2026-11-27')).toBe('2026-11-29');
    expect(startOfWeek('2027-01-01')).toBe('2026-12-28');
  });

  it('adds months clamped to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });
});

describe('resolveDateWord', () => {
  const friday = '2026-11-27';
  it('reads relative words against today', () => {
    expect(resolveDateWord('today', friday)).toBe(friday);
    expect(resolveDateWord('Tomorrow', friday)).toBe('2026-11-28');
    expect(resolveDateWord('yesterday', friday)).toBe('2026-11-26');
    expect(resolveDateWord('monday', friday)).toBe('2026-11-30');
    expect(resolveDateWord('fri', friday)).toBe(friday);
    expect(resolveDateWord('thursday', friday)).toBe('2026-12-03');
    expect(resolveDateWord('2026-12-01', friday)).toBe('2026-12-01');
  });
  it('rejects what it cannot read', () => {
    expect(resolveDateWord('someday', friday)).toBeUndefined();
    expect(resolveDateWord('t', friday)).toBeUndefined();
    expect(resolveDateWord('2026-02-30', friday)).toBeUndefined();
  });
});
