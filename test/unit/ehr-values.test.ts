import { describe, expect, it } from 'vitest';
import {
  enumWord,
  parseBoolean,
  parseEmail,
  parseEnum,
  parseMoney,
  parsePhone,
  parseTags,
  parseWholeNumber,
  synonymTable,
} from '../../src/ehr-import/values.js';

describe('parseMoney', () => {
  it.each([
    ['125', 12500],
    ['125.00', 12500],
    ['$1,250.50', 125050],
    ['1250.5', 125050],
    ['.75', 75],
    [' $ 12 ', 1200],
  ])('reads %s as %i cents', (raw, cents) => {
    expect(parseMoney(raw, false)).toEqual({ ok: true, value: cents });
  });

  it('accepts negatives only when allowed', () => {
    expect(parseMoney('-12.50', true)).toEqual({ ok: true, value: -1250 });
    expect(parseMoney('$-12.50', true)).toEqual({ ok: true, value: -1250 });
    expect(parseMoney('(12.50)', true)).toEqual({ ok: true, value: -1250 });
    expect(parseMoney('-12.50', false)).toEqual({ ok: false, reason: 'must not be negative' });
  });

  it.each(['12,50', '1,25,0', 'twelve', '12.505', '$', ''])('rejects %j', (raw) => {
    expect(parseMoney(raw, true).ok).toBe(false);
  });
});

describe('parsePhone', () => {
  it.each([
    ['(555) 234-5678', '+15552345678'],
    ['555.234.5678', '+15552345678'],
    ['1-555-234-5678', '+15552345678'],
    ['+1 555 234 5678', '+15552345678'],
    ['555-234-5678 x12', '+15552345678'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalises %s to %s', (raw, e164) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value: e164 });
  });

  it.each(['234-5678', '555-123-4567', '(055) 234-5678', 'call me', '12345678901234567'])(
    'rejects %s',
    (raw) => {
      expect(parsePhone(raw).ok).toBe(false);
    },
  );
});

describe('parseEmail', () => {
  it('accepts addresses and keeps their case', () => {
    expect(parseEmail(' Mary.OBrien@Example.com ')).toEqual({
      ok: true,
      value: 'Mary.OBrien@Example.com',
    });
  });
  it.each(['mary', 'mary@', '@example.com', 'a b@example.com', 'a@example', 'a..b@example.com'])(
    'rejects %s',
    (raw) => {
      expect(parseEmail(raw).ok).toBe(false);
    },
  );
});

describe('booleans, numbers, tags, enums', () => {
  it('reads true/false words', () => {
    for (const t of ['true', 'YES', 'y', '1'])
      expect(parseBoolean(t)).toEqual({ ok: true, value: true });
    for (const f of ['false', 'No', 'n', '0'])
      expect(parseBoolean(f)).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe').ok).toBe(false);
  });

  it('reads whole numbers in range, including spreadsheet "30.0"', () => {
    expect(parseWholeNumber('30.0', 0, 100)).toEqual({ ok: true, value: 30 });
    expect(parseWholeNumber('101', 0, 100).ok).toBe(false);
    expect(parseWholeNumber('2.5', 0, 100).ok).toBe(false);
  });

  it('splits tags on ; (and ,) and drops blanks and repeats', () => {
    expect(parseTags(' VIP; Wellness;;VIP ,New ')).toBe('VIP;Wellness;New');
    expect(parseTags('')).toBe('');
  });

  it('matches enum words without case, spaces, dashes or underscores', () => {
    const table = synonymTable({ checked_in: ['arrived'], missed: ['no show'] });
    expect(enumWord('Checked-In')).toBe('checkedin');
    expect(parseEnum('Checked in', table, ['checked_in', 'missed'])).toEqual({
      ok: true,
      value: 'checked_in',
    });
    expect(parseEnum('NO-SHOW', table, ['checked_in', 'missed'])).toEqual({
      ok: true,
      value: 'missed',
    });
    expect(parseEnum('Sleeping', table, ['checked_in', 'missed'])).toEqual({
      ok: false,
      reason: 'is not one of: checked_in, missed',
    });
  });
});
