import { describe, expect, it } from 'vitest';
import {
  hasVisitAfter,
  lastVisit,
  nextVisit,
  treatmentProgress,
  type VisitFact,
} from '../../src/domain/visits.js';

const v = (date: string, status: VisitFact['status']): VisitFact => ({ date, status });

describe('treatmentProgress', () => {
  const visits = [
    v('2026-10-20', 'completed'), // before plan start: not counted
    v('2026-11-02', 'completed'),
    v('2026-11-09', 'completed'),
    v('2026-11-16', 'missed'),
    v('2026-11-20', 'cancelled'),
    v('2026-11-27', 'checked_in'), // today, checked in: used
    v('2026-11-30', 'future'),
    v('2026-12-07', 'future'),
    v('2027-01-11', 'future'), // after the plan end
  ];

  it('counts completed, remaining, scheduled and unscheduled visits', () => {
    const p = treatmentProgress(
      { totalVisits: 12, startDate: '2026-11-01', endDate: '2026-12-31' },
      visits,
      '2026-11-27',
    );
    expect(p).toEqual({
      total: 12,
      completed: 3,
      remaining: 9,
      scheduled: 2,
      unscheduled: 7,
      firstVisit: '2026-11-02',
      nextVisit: '2026-11-30',
    });
  });

  it('a plan with no end date counts every future visit as scheduled', () => {
    const p = treatmentProgress(
      { totalVisits: 4, startDate: '2026-11-01', endDate: null },
      visits,
      '2026-11-27',
    );
    expect(p.completed).toBe(3);
    expect(p.remaining).toBe(1);
    expect(p.scheduled).toBe(3);
    expect(p.unscheduled).toBe(0); // never negative
  });

  it('remaining never goes below zero', () => {
    const p = treatmentProgress(
      { totalVisits: 2, startDate: null, endDate: null },
      visits,
      '2026-11-27',
    );
    expect(p.completed).toBe(4);
    expect(p.remaining).toBe(0);
  });
});

describe('next and last visit', () => {
  const visits = [
    v('2026-11-27', 'future'),
    v('2026-11-20', 'completed'),
    v('2026-12-04', 'future'),
  ];
  it('next visit includes today; "booked after" does not', () => {
    expect(nextVisit(visits, '2026-11-27')).toBe('2026-11-27');
    expect(hasVisitAfter(visits, '2026-11-27')).toBe(true);
    expect(hasVisitAfter([v('2026-11-27', 'future')], '2026-11-27')).toBe(false);
    expect(lastVisit(visits, '2026-11-27')).toBe('2026-11-20');
    expect(nextVisit([v('2026-11-26', 'future')], '2026-11-27')).toBeUndefined();
  });
});
