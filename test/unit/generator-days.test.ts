import { describe, expect, it } from 'vitest';
import { cashPracticeCollection, fortisCollection } from '../../src/sandbox/collection.js';
import { addMonths, dayNumber, dayString, LocalClock, weekday } from '../../src/sandbox/days.js';
import { Prng } from '../../src/sandbox/prng.js';

describe('generator building blocks', () => {
  it('does calendar arithmetic on day numbers', () => {
    const jan31 = dayNumber('2026-01-31');
    expect(dayString(addMonths(jan31, 1))).toBe('2026-02-28');
    expect(dayString(addMonths(jan31, 13))).toBe('2027-02-28');
    expect(dayString(addMonths(dayNumber('2024-01-31'), 1))).toBe('2024-02-29');
    expect(weekday(dayNumber('2026-11-27'))).toBe(5); // a Friday
    expect(dayString(dayNumber('1999-12-31') + 1)).toBe('2000-01-01');
  });

  it('turns practice-local wall time into unix seconds across daylight saving', () => {
    const ny = new LocalClock('America/New_York');
    expect(ny.toUnix(dayNumber('2026-01-15'), 9 * 60)).toBe(
      Date.parse('2026-01-15T14:00:00Z') / 1000,
    );
    expect(ny.toUnix(dayNumber('2026-07-15'), 9 * 60)).toBe(
      Date.parse('2026-07-15T13:00:00Z') / 1000,
    );
    expect(ny.dayOf(Date.parse('2026-07-16T03:30:00Z') / 1000)).toBe(dayNumber('2026-07-15'));
  });

  it('draws the same numbers from the same seed, within range', () => {
    const a = new Prng(99);
    const b = new Prng(99);
    const xs = Array.from({ length: 200 }, () => a.int(3, 7));
    expect(Array.from({ length: 200 }, () => b.int(3, 7))).toEqual(xs);
    expect(Math.min(...xs)).toBe(3);
    expect(Math.max(...xs)).toBe(7);
    expect(new Prng(100).next()).not.toBe(new Prng(99).next());
  });

  it('keeps a collection ordered by change time; an update moves the record last', () => {
    const c = fortisCollection([
      { id: 'a', modified_ts: 10 },
      { id: 'b', modified_ts: 20 },
      { id: 'c', modified_ts: 20 },
    ]);
    expect(c.lowerBound(20)).toBe(1);
    expect(c.upperBound(20)).toBe(3);
    c.update('a', 30, (r) => {
      r.note = 'changed';
    });
    expect(c.records().map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(c.get('a')).toMatchObject({ modified_ts: 30, note: 'changed' });
    const cp = cashPracticeCollection([{ id: 'p', updated_at: '2026-11-27T10:00:00Z' }]);
    cp.update('p', Date.parse('2026-11-28T00:00:00Z') / 1000, () => undefined);
    expect(cp.get('p')!.updated_at).toBe('2026-11-28T00:00:00Z');
  });
});
