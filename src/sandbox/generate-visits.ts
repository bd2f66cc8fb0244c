import { dayNumber, dayString, lastDayOfMonth, weekday, yearMonth } from './days.js';
import type { GenContext, PatientProfile } from './generate-context.js';
import { VISIT_TYPES, type VisitType } from './names.js';
import type { AppointmentStatus, EhrAppointment, EhrCharge } from './types.js';

/** Counters for appointment and charge ids, shared across patients. */
export interface VisitCounters {
  appointment: number;
  charge: number;
}

const WEEKDAY_OFFSETS = [0, 1, 2, 3, 4, 5]; // Monday … Saturday

/** Visits per week the patient aims at on a given day. */
function rateAt(profile: PatientProfile, day: number, base: number): number {
  const plan = profile.plan;
  if (!plan) return base;
  if (plan.plan.kind === 'membership') {
    if (day < plan.startDay) return base;
    const allowed = plan.plan.visitsAllowed ?? 1;
    const perWeek = plan.plan.period === 'week' ? allowed : (allowed * 12) / 52;
    return perWeek * base * 1.6;
  }
  if (day < plan.startDay || (plan.endDay !== null && day > plan.endDay)) return 0.45;
  return (plan.plan.targetPerWeek ?? 2) * Math.min(1.05, base + 0.35);
}

/** The appointments and charges of one patient over the year back and the month ahead. */
export function generateVisits(
  ctx: GenContext,
  profile: PatientProfile,
  counters: VisitCounters,
  appointments: EhrAppointment[],
  charges: EhrCharge[],
  /** Asked once for a member booked today: should this one be over the allowance? */
  wantOverLimit: () => boolean = () => false,
): void {
  const { rng, today } = ctx;
  const start = Math.max(profile.joinDay, ctx.windowStart);
  const end = Math.min(profile.lastDay, ctx.windowEnd);
  if (end < start) return;
  // Personal adherence: some patients come less than they should (red/yellow pacing weeks).
  const base = rng.weighted([
    [0.35, 2],
    [0.55, 3],
    [0.75, 3],
    [0.95, 2],
  ] as const);
  // Members over their allowance (OVER_LIMIT in reports).
  const overLimit = profile.plan?.plan.kind === 'membership' && rng.chance(0.2) ? 1.5 : 1;
  const plan = profile.plan;
  const account = profile.patient.account;
  const location = profile.patient.location;

  const add = (day: number, type: VisitType): void => {
    const minutes = 480 + 15 * rng.int(0, 39);
    let status: AppointmentStatus;
    if (day < today) {
      status = rng.weighted([
        ['Completed', 84],
        ['Missed', 5],
        ['Cancelled', 7],
        ['Rescheduled', 4],
      ] as const);
    } else if (day === today) {
      status = rng.chance(0.3) ? 'Checked in' : 'Future';
    } else {
      status = 'Future';
    }
    counters.appointment += 1;
    const appt: EhrAppointment = {
      id: String(700000 + counters.appointment),
      account,
      day,
      minutes,
      duration: VISIT_TYPES[type].minutes,
      provider: rng.chance(0.85) ? profile.mainProvider : rng.pick(ctx.providers),
      type,
      status,
      location,
      source: rng.chance(0.12) ? 'online' : 'ehr',
    };
    appointments.push(appt);
    if (day === today) profile.bookedToday = true;
    if (day >= today - 31) profile.periodVisits.push(appt);
    if (status === 'Completed' || status === 'Checked in') {
      const v = VISIT_TYPES[type];
      const paid =
        status === 'Checked in'
          ? 0
          : rng.weighted([
              [v.fee, 88],
              [Math.round(v.fee / 200) * 100, 7],
              [0, 5],
            ] as const);
      counters.charge += 1;
      charges.push({
        id: `C${String(counters.charge).padStart(7, '0')}`,
        account,
        day,
        code: v.code,
        description: v.description,
        feeCents: v.fee,
        paidCents: paid,
      });
      if (status === 'Completed') profile.completedVisits.push(appt);
    }
  };

  if (profile.joinDay >= ctx.windowStart) add(profile.joinDay, 'New Patient');
  let lastReExam = plan?.startDay ?? start;
  // Weeks run Monday to Saturday; day numbers: weekday(d) = 1 means Monday.
  let monday = start - ((weekday(start) + 6) % 7);
  for (; monday <= end; monday += 7) {
    const rate = rateAt(profile, monday, base) * overLimit;
    let k = Math.floor(rate) + (rng.chance(rate - Math.floor(rate)) ? 1 : 0);
    if (k > 5) k = 5;
    if (k === 0) continue;
    const days = WEEKDAY_OFFSETS.slice();
    for (let i = 0; i < k; i++) {
      // Saturdays are half as likely: re-draw once when one comes up.
      let j = rng.int(i, days.length - 1);
      if (days[j] === 5 && rng.chance(0.5)) j = rng.int(i, days.length - 1);
      const tmp = days[i] as number;
      days[i] = days[j] as number;
      days[j] = tmp;
    }
    const chosen = days.slice(0, k).sort((a, b) => a - b);
    for (const offset of chosen) {
      const day = monday + offset;
      if (day < start || day > end || day === profile.joinDay) continue;
      let type: VisitType;
      if (plan?.plan.kind === 'treatment' && day >= plan.startDay && day - lastReExam >= 28) {
        type = 'Re-Exam';
        lastReExam = day;
      } else if (plan?.plan.name === 'Spinal Decompression Package' && day >= plan.startDay) {
        type = rng.chance(0.6) ? 'Decompression' : 'Adjustment';
      } else {
        type = rng.weighted([
          ['Adjustment', 75],
          ['Massage', 8],
          ['Decompression', 7],
          ['Rehab', 10],
        ] as const);
      }
      add(day, type);
    }
  }

  if (plan?.plan.kind === 'membership' && profile.bookedToday && wantOverLimit()) {
    addOverLimit(profile, today, end, add);
  }
}

const COUNTED = new Set(['Completed', 'Checked in', 'Future']);

/**
 * Books extra visits in the member's current period (week Monday–Sunday, or calendar month) until
 * used + scheduled exceeds the allowance, so a huddle report shows OVER_LIMIT.
 */
function addOverLimit(
  profile: PatientProfile,
  today: number,
  end: number,
  add: (day: number, type: VisitType) => void,
): void {
  const plan = profile.plan;
  if (!plan) return;
  const allowed = plan.plan.visitsAllowed ?? 1;
  let from: number;
  let to: number;
  if (plan.plan.period === 'week') {
    from = today - ((weekday(today) + 6) % 7);
    to = from + 6;
  } else {
    const d = dayString(today);
    from = dayNumber(`${d.slice(0, 8)}01`);
    const { year, month } = yearMonth(today);
    to = lastDayOfMonth(year, month);
  }
  const mine = (a: EhrAppointment): boolean =>
    a.account === profile.patient.account && a.day >= from && a.day <= to && COUNTED.has(a.status);
  let used = profile.periodVisits.filter(mine).length;
  for (let day = today + 1; used <= allowed && day <= Math.min(to, end); day++) {
    if (weekday(day) === 0) continue;
    add(day, 'Adjustment');
    used += 1;
  }
  // No working day left in the period: a second visit today.
  while (used <= allowed) {
    add(today, 'Massage');
    used += 1;
  }
}
