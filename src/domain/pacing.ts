import { addDays, daysBetween, startOfWeek, type IsoDate } from './dates.js';
import { isUpcoming, isUsed, type VisitFact } from './visits.js';

export type PaceColour = 'green' | 'yellow' | 'red';

export interface PaceWeek {
  /** Monday of the week. */
  start: IsoDate;
  visits: number;
  colour: PaceColour;
}

/** Colour of one week: green at or above the target, yellow for 1..target−1, red for none. */
export function paceColour(visits: number, targetPerWeek: number): PaceColour {
  if (visits === 0) return 'red';
  return visits >= Math.max(1, targetPerWeek) ? 'green' : 'yellow';
}

/**
 * Pacing for the week containing the date and the four before it, oldest first (DOMAIN §3.3):
 * used visits per week, plus visits still scheduled in the current week. A missing target counts as 1.
 */
export function weeklyPacing(
  visits: readonly VisitFact[],
  asOf: IsoDate,
  targetPerWeek: number | null,
): PaceWeek[] {
  const thisWeek = startOfWeek(asOf);
  const starts = [-28, -21, -14, -7, 0].map((d) => addDays(thisWeek, d));
  const counts = starts.map(() => 0);
  const first = starts[0] ?? thisWeek;
  const end = addDays(thisWeek, 6);
  for (const v of visits) {
    if (v.date < first || v.date > end) continue;
    const index = Math.floor(daysBetween(first, v.date) / 7);
    const current = index === 4;
    if (isUsed(v) || (current && isUpcoming(v, asOf))) counts[index] = (counts[index] ?? 0) + 1;
  }
  return starts.map((start, i) => ({
    start,
    visits: counts[i] ?? 0,
    colour: paceColour(counts[i] ?? 0, targetPerWeek ?? 1),
  }));
}
