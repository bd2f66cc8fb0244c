import type { IsoDate } from './dates.js';

export type AppointmentStatus =
  'future' | 'checked_in' | 'completed' | 'missed' | 'cancelled' | 'rescheduled';

/** One appointment of a patient, as the visit rules see it. */
export interface VisitFact {
  date: IsoDate;
  status: AppointmentStatus;
}

/** Visits "used" are completed or checked in (DOMAIN §3.3). */
export function isUsed(v: VisitFact): boolean {
  return v.status === 'completed' || v.status === 'checked_in';
}

/** A future appointment: still `future`, on or after the as-of date. */
export function isUpcoming(v: VisitFact, asOf: IsoDate): boolean {
  return v.status === 'future' && v.date >= asOf;
}

/** The earliest future appointment on or after the date (today's not-yet-seen visit counts). */
export function nextVisit(visits: readonly VisitFact[], asOf: IsoDate): IsoDate | undefined {
  let next: IsoDate | undefined;
  for (const v of visits)
    if (isUpcoming(v, asOf) && (next === undefined || v.date < next)) next = v.date;
  return next;
}

/** The latest used visit on or before the date. */
export function lastVisit(visits: readonly VisitFact[], asOf: IsoDate): IsoDate | undefined {
  let last: IsoDate | undefined;
  for (const v of visits)
    if (isUsed(v) && v.date <= asOf && (last === undefined || v.date > last)) last = v.date;
  return last;
}

/**
 * Whether anything is booked strictly after the date. The huddle's NOT_SCHEDULED_NEXT means "after
 * today's visit there is nothing booked", so today's own appointment must not count.
 */
export function hasVisitAfter(visits: readonly VisitFact[], date: IsoDate): boolean {
  return visits.some((v) => v.status === 'future' && v.date > date);
}

/** A treatment plan's visit budget. */
export interface TreatmentPlanFact {
  totalVisits: number | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
}

export interface TreatmentProgress {
  total: number;
  completed: number;
  remaining: number;
  scheduled: number;
  unscheduled: number;
  firstVisit: IsoDate | undefined;
  nextVisit: IsoDate | undefined;
}

/**
 * Visit counts of a treatment plan as of a date (DOMAIN §3.3): completed = used visits since the plan
 * start; remaining = total − completed (≥ 0); scheduled = future appointments up to the plan end (no
 * end date: all of them); unscheduled = remaining − scheduled (≥ 0); next = earliest future visit.
 */
export function treatmentProgress(
  plan: TreatmentPlanFact,
  visits: readonly VisitFact[],
  asOf: IsoDate,
): TreatmentProgress {
  const start = plan.startDate ?? '0000-01-01';
  const end = plan.endDate ?? '9999-12-31';
  let completed = 0;
  let scheduled = 0;
  let firstVisit: IsoDate | undefined;
  for (const v of visits) {
    if (v.date < start) continue;
    if (isUsed(v)) {
      completed++;
      if (firstVisit === undefined || v.date < firstVisit) firstVisit = v.date;
    } else if (isUpcoming(v, asOf) && v.date <= end) {
      scheduled++;
    }
  }
  const total = plan.totalVisits ?? 0;
  const remaining = Math.max(0, total - completed);
  return {
    total,
    completed,
    remaining,
    scheduled,
    unscheduled: Math.max(0, remaining - scheduled),
    firstVisit,
    nextVisit: nextVisit(visits, asOf),
  };
}
