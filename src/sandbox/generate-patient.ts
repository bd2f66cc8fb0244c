import { dayString, lastDayOfMonth, yearMonth } from './days.js';
import type { CardProfile, GenContext, PatientProfile, PlanProfile } from './generate-context.js';
import {
  AREA_CODES,
  CARD_BRANDS,
  CARRIERS,
  CASE_TYPES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  MEMBERSHIPS,
  TAGS,
  TREATMENT_PLANS,
} from './names.js';
import type { EhrInsurance, Processor, ProcessorChoice } from './types.js';

/** Decides one patient: identity, activity window, plan, card and insurance. */
export function generatePatientProfile(
  ctx: GenContext,
  index: number,
  processors: ProcessorChoice,
): { profile: PatientProfile; insurance: EhrInsurance[] } {
  const { rng, today, windowStart } = ctx;
  const account = String(10001 + index);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const age = rng.chance(0.06) ? rng.int(6, 17) : rng.int(18, 82);
  const dateOfBirth = dayString(today - age * 365 - rng.int(0, 364));
  const mobile = rng.chance(0.95)
    ? `(${rng.pick(AREA_CODES)}) ${rng.int(200, 989)}-${rng.digits(4)}`
    : '';
  const email = rng.chance(0.92)
    ? `${firstName}.${lastName.replace(/[^A-Za-z]/g, '')}${rng.int(1, 99)}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase()
    : '';
  const active = rng.chance(ctx.activeShare);

  let joinDay: number;
  let lastDay: number;
  if (active) {
    joinDay = rng.chance(0.4) ? windowStart - rng.int(1, 900) : rng.int(windowStart, today - 2);
    // About one active patient in ten has nothing booked ahead (NOT_SCHEDULED_NEXT).
    lastDay = rng.chance(0.1) ? today : ctx.windowEnd;
  } else if (ctx.longHistory) {
    // A past patient of a long-running clinic: one episode of care (three weeks to a year and a
    // half) somewhere in the history, over at least six weeks ago.
    joinDay = rng.int(windowStart, today - 90);
    lastDay = Math.min(joinDay + rng.int(21, 540), today - 45);
  } else {
    joinDay = windowStart - rng.int(0, 700);
    lastDay = rng.int(windowStart + 14, today - 45);
  }

  const tagCount = rng.weighted([
    [0, 6],
    [1, 3],
    [2, 1],
  ] as const);
  const tags: string[] = [];
  for (let t = 0; t < tagCount; t++) {
    const tag = rng.pick(TAGS);
    if (!tags.includes(tag)) tags.push(tag);
  }
  tags.sort();

  let processor: Processor | null;
  if (rng.chance(0.04)) processor = null;
  else if (processors === 'both') processor = rng.chance(0.8) ? 'fortis' : 'cashpractice';
  else processor = processors;

  const smsConsent =
    mobile !== '' && rng.chance(0.8) ? dayString(Math.min(joinDay, today - 1)) : 'false';

  const profile: PatientProfile = {
    patient: {
      account,
      firstName,
      lastName,
      dateOfBirth,
      mobile,
      email,
      active,
      location:
        ctx.locations.length > 1 && rng.chance(0.3)
          ? (ctx.locations[1] as string)
          : (ctx.locations[0] as string),
      caseType: rng.weighted([
        [CASE_TYPES[0], 45],
        [CASE_TYPES[1], 35],
        [CASE_TYPES[2], 8],
        [CASE_TYPES[3], 8],
        [CASE_TYPES[4], 4],
      ] as const),
      tags,
      doNotContact: rng.chance(0.02),
      smsConsent,
      processor,
    },
    joinDay,
    lastDay,
    mainProvider: rng.pick(ctx.providers),
    card: null,
    plan: null,
    copayCents: null,
    balanceCents: 0,
    completedVisits: [],
    bookedToday: false,
    periodVisits: [],
    hideAccountAtProcessor: processor !== null && email !== '' && rng.chance(0.03),
  };

  const insurance: EhrInsurance[] = [];
  if (rng.chance(0.5)) {
    const [carrier, plan] = rng.pick(CARRIERS);
    const copay = rng.pick([2000, 2500, 3000, 3500, 4000, 5000]);
    profile.copayCents = copay;
    const { year } = yearMonth(today);
    insurance.push({
      account,
      carrier,
      plan,
      memberId: `${carrier.slice(0, 3).toUpperCase()}${rng.digits(9)}`,
      copayCents: copay,
      coverageEnd: rng.chance(0.06) ? dayString(today - rng.int(5, 120)) : `${year + 1}-12-31`,
      priority: 'primary',
    });
    if (rng.chance(0.1)) {
      const [carrier2, plan2] = rng.pick(CARRIERS);
      insurance.push({
        account,
        carrier: carrier2,
        plan: plan2,
        memberId: `${carrier2.slice(0, 3).toUpperCase()}${rng.digits(9)}`,
        copayCents: 0,
        coverageEnd: `${year + 1}-12-31`,
        priority: 'secondary',
      });
    }
  }

  profile.balanceCents = rng.weighted([
    [0, 65],
    [rng.int(10, 150) * 100, 25],
    [rng.int(150, 900) * 100 + rng.pick([0, 50]), 10],
  ] as const);

  if (active) profile.plan = generatePlan(ctx, profile);
  return { profile, insurance };
}

/** What today's schedule must show at least once (see `generatePractice`). */
export type ForcedCase = 'behind' | 'none' | 'expired' | 'expiring';

/**
 * Decides the patient's card (after the visits, so that today's schedule can be given every case a
 * huddle report flags). `forced` overrides the random draw.
 */
export function assignCard(
  ctx: GenContext,
  profile: PatientProfile,
  forced: ForcedCase | null,
): void {
  const { rng } = ctx;
  const noCard = rng.chance(0.07);
  if (profile.patient.processor === null) return;
  if (forced === 'none' || (forced === null && noCard)) profile.card = null;
  else {
    const state =
      forced === 'expired' || forced === 'expiring' ? forced : forced === 'behind' ? 'ok' : null;
    profile.card = generateCard(ctx, profile, state);
  }
  // A plan is paid by a recurring charge only when a card is on file.
  if (profile.plan && profile.plan.recurring && !profile.card) {
    profile.plan.recurring = false;
  }
  if (forced === 'behind' && profile.plan) profile.plan.forceLastDecline = true;
  // A forced case is matched exactly, so it surely reaches the report.
  if (forced !== null) profile.hideAccountAtProcessor = false;
}

function generatePlan(ctx: GenContext, profile: PatientProfile): PlanProfile | null {
  const { rng, today } = ctx;
  const kind = rng.weighted([
    ['treatment', 32],
    ['membership', 20],
    ['none', 48],
  ] as const);
  if (kind === 'none') return null;
  const account = profile.patient.account;
  if (kind === 'treatment') {
    const t = rng.pick(TREATMENT_PLANS);
    const startDay = Math.max(profile.joinDay, today - rng.int(3, 200));
    const endDay = startDay + Math.ceil(t.visits / t.perWeek) * 7 + 14;
    const sinceStart = today - startDay;
    const careStatus = sinceStart < 21 ? 'acute' : endDay < today ? 'maintenance' : 'corrective';
    return {
      plan: {
        id: '',
        account,
        kind: 'treatment',
        name: t.name,
        totalVisits: t.visits,
        visitsAllowed: null,
        period: null,
        targetPerWeek: t.perWeek,
        startDate: dayString(startDay),
        endDate: dayString(endDay),
        careStatus,
        processorPlanId: null,
      },
      startDay,
      endDay,
      amountCents: Math.round(t.priceCents / t.months),
      installments: t.months,
      recurring: rng.chance(0.8),
      onHoldFrom: null,
      forceLastDecline: false,
    };
  }
  const m = rng.pick(MEMBERSHIPS);
  const startDay = Math.max(profile.joinDay, ctx.windowStart - rng.int(0, 200));
  return {
    plan: {
      id: '',
      account,
      kind: 'membership',
      name: m.name,
      totalVisits: null,
      visitsAllowed: m.allowed,
      period: m.period,
      targetPerWeek: null,
      startDate: dayString(startDay),
      endDate: null,
      careStatus: 'maintenance',
      processorPlanId: null,
    },
    startDay,
    endDay: null,
    amountCents: m.priceCents,
    installments: null,
    recurring: rng.chance(0.95),
    onHoldFrom: rng.chance(0.05) ? today - rng.int(10, 60) : null,
    forceLastDecline: false,
  };
}

function generateCard(
  ctx: GenContext,
  profile: PatientProfile,
  forcedState: 'expired' | 'expiring' | 'ok' | null,
): CardProfile {
  const { rng, today } = ctx;
  const [brand, firstSix] = rng.weighted(
    CARD_BRANDS.map((b) => [[b[0], b[1]] as const, b[2]] as const),
  );
  const { year, month } = yearMonth(today);
  const current = year * 12 + (month - 1);
  const drawn = rng.weighted([
    ['expired', 9],
    ['expiring', 9],
    ['ok', 82],
  ] as const);
  const state = forcedState ?? drawn;
  let expIndex: number;
  if (state === 'expired') {
    // Patients on a plan notice within a few runs; others can sit on an old card for a year.
    expIndex = current - (profile.plan ? rng.int(1, 2) : rng.int(1, 14));
  } else if (state === 'expiring') {
    // The current month is always within 30 days; next month only sometimes.
    const nextMonth = rng.chance(0.4);
    expIndex = current + (nextMonth && forcedState === null ? 1 : 0);
  } else {
    expIndex = current + rng.int(2, 48);
  }
  const expYear = Math.floor(expIndex / 12);
  const expMonth = (expIndex % 12) + 1;
  const validThrough = lastDayOfMonth(expYear, expMonth);
  let createdDay = Math.min(Math.max(profile.joinDay, validThrough - 365 * 3), today - 1);
  let previous: CardProfile['previous'] = null;
  if (state === 'ok' && rng.chance(0.15) && createdDay < today - 90) {
    const prevIndex = current - rng.int(1, 10);
    previous = {
      lastFour: rng.digits(4),
      expMonth: (prevIndex % 12) + 1,
      expYear: Math.floor(prevIndex / 12),
      createdDay,
    };
    createdDay = rng.int(createdDay + 30, today - 1);
  }
  return {
    brand,
    firstSix,
    lastFour: rng.digits(4),
    expMonth,
    expYear,
    validThrough,
    createdDay,
    previous,
  };
}
