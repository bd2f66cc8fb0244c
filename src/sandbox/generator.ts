import { dayNumber, dayString, LocalClock } from './days.js';
import type { GenContext, PatientProfile } from './generate-context.js';
import { generateCashPracticePatient } from './generate-cashpractice.js';
import { generateFortisPatient } from './generate-fortis.js';
import { assignCard, generatePatientProfile, type ForcedCase } from './generate-patient.js';
import { generateVisits, type VisitCounters } from './generate-visits.js';
import { IdFactory } from './ids.js';
import { LOCATIONS, PRACTICE_NAMES, PROVIDERS, VISIT_TYPES } from './names.js';
import { Prng } from './prng.js';
import type {
  CashPracticeData,
  EhrAppointment,
  EhrBalance,
  EhrCharge,
  EhrInsurance,
  EhrPlan,
  EhrPatient,
  FortisData,
  GenerateOptions,
  Practice,
  WireRecord,
} from './types.js';

export { writeEhrFiles } from './ehr-files.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_PATIENTS = 200;
export const DEFAULT_TIMEZONE = 'America/New_York';
export const DEFAULT_ACTIVE_SHARE = 0.86;

function hexString(rng: Prng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += '0123456789abcdef'[rng.int(0, 15)];
  return s;
}

/** Sorts processor records the way the emulator serves them: by modified/updated time, then id. */
function byModified(key: 'modified_ts' | 'updated_at'): (a: WireRecord, b: WireRecord) => number {
  return (a, b) => {
    const x = a[key] as number | string;
    const y = b[key] as number | string;
    if (x < y) return -1;
    if (x > y) return 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/**
 * Generates a whole practice from a seed and "today" (practice-local): patients, a year of visits
 * and a month of schedule, plans, cards, payments and declines, for the EHR files and for both
 * processors. Deterministic: no clock and no Math.random are read.
 */
export function generatePractice(options: GenerateOptions): Practice {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) {
    throw new Error(`today must be YYYY-MM-DD, got "${options.today}"`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.patients ?? DEFAULT_PATIENTS;
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const processors = options.processors ?? 'fortis';
  const historyYears = options.historyYears ?? 1;
  if (!Number.isInteger(historyYears) || historyYears < 1 || historyYears > 30) {
    throw new Error(
      `historyYears must be a whole number of years from 1 to 30, got ${historyYears}`,
    );
  }
  const activeShare = options.activeShare ?? DEFAULT_ACTIVE_SHARE;
  if (!(activeShare > 0 && activeShare <= 1)) {
    throw new Error(`activeShare must be above 0 and at most 1, got ${activeShare}`);
  }
  const rng = new Prng(seed);
  const ids = new IdFactory(seed);
  const today = dayNumber(options.today);
  const providers = PROVIDERS.slice(0, rng.int(3, 6));
  const locations = count >= 50 && rng.chance(0.5) ? [...LOCATIONS] : [LOCATIONS[0]];
  const practiceName = rng.pick(PRACTICE_NAMES);
  const ctx: GenContext = {
    rng,
    ids,
    clock: new LocalClock(timezone),
    today,
    windowStart: today - 365 * historyYears,
    longHistory: historyYears > 1,
    activeShare: options.activeShare ?? DEFAULT_ACTIVE_SHARE,
    windowEnd: today + 30,
    providers,
    locations,
  };

  const setupTs = ctx.clock.toUnix(today - 900, 9 * 60);
  const userId = ids.fortis('user');
  const locationId = ids.fortis('location');
  const productTransactionId = ids.fortis('productTransaction');
  const fortis: FortisData = {
    userId,
    userApiKey: hexString(rng, 20),
    developerId: `dev${hexString(rng, 5)}`,
    locationId,
    user: {
      id: userId,
      username: 'frontdesk@example.com',
      first_name: 'Front',
      last_name: 'Desk',
      email: 'frontdesk@example.com',
      primary_location_id: locationId,
      location_id: locationId,
      tz: timezone,
      locale: 'en-US',
      user_type_code: 100,
      status_code: 1,
      status: true,
      api_only: true,
      is_invitation: false,
      created_ts: setupTs,
      modified_ts: setupTs,
      created_user_id: userId,
    },
    location: {
      id: locationId,
      name: practiceName,
      location_type: 'merchant',
      tz: timezone,
      default_cc: productTransactionId,
      default_ach: null,
      account_number: null,
      address: {
        street: '100 Main St',
        city: 'Springfield',
        state: 'IL',
        postal_code: '62701',
        country: 'US',
      },
      office_phone: '2175550100',
      email_reply_to: 'office@example.com',
      location_api_id: null,
      parent_id: null,
      created_ts: setupTs,
      modified_ts: setupTs,
      created_user_id: userId,
    },
    contacts: [],
    tokens: [],
    recurrings: [],
    transactions: [],
    declined: [],
    quickInvoices: [],
    paylinks: [],
  };
  const cashpractice: CashPracticeData = {
    apiKey: `cpk_${hexString(rng, 24)}`,
    account: { id: `acct_${hexString(rng, 8)}`, practice_name: practiceName, timezone },
    patients: [],
    billingMethods: [],
    autoDebits: [],
    transactions: [],
    carePlans: [],
  };

  const patients: EhrPatient[] = [];
  const appointments: EhrAppointment[] = [];
  const charges: EhrCharge[] = [];
  const insurance: EhrInsurance[] = [];
  const balances: EhrBalance[] = [];
  const plans: EhrPlan[] = [];
  const counters: VisitCounters = { appointment: 0, charge: 0 };
  let planCounter = 0;
  // Today's schedule must show every card and plan problem a huddle report flags, whatever the
  // seed: the first patients booked today get them, until each case is there a few times. "A few"
  // follows the size of today's schedule, i.e. of the caseload (the default share gives exactly
  // count × 0.004): with --active-share 0.085, the default quota would be every patient of the day.
  const wanted = Math.max(1, Math.round(count * 0.004 * (ctx.activeShare / DEFAULT_ACTIVE_SHARE)));
  const forcedCounts: Record<ForcedCase, number> = { behind: 0, none: 0, expired: 0, expiring: 0 };
  let overLimit = 0;
  const forcedCase = (profile: PatientProfile): ForcedCase | null => {
    if (profile.patient.processor === null || !profile.bookedToday) return null;
    const plan = profile.plan;
    const canFallBehind =
      plan !== null &&
      plan.recurring &&
      plan.onHoldFrom === null &&
      plan.startDay < today - 3 &&
      (plan.endDay === null || plan.endDay >= today);
    const order: ForcedCase[] = canFallBehind
      ? ['behind', 'none', 'expired', 'expiring']
      : ['none', 'expired', 'expiring'];
    for (const c of order) {
      if (forcedCounts[c] < wanted) {
        forcedCounts[c] += 1;
        return c;
      }
    }
    return null;
  };
  for (let i = 0; i < count; i++) {
    const { profile, insurance: ins } = generatePatientProfile(ctx, i, processors);
    patients.push(profile.patient);
    for (const row of ins) insurance.push(row);
    generateVisits(ctx, profile, counters, appointments, charges, () => {
      if (overLimit >= wanted) return false;
      overLimit += 1;
      return true;
    });
    assignCard(ctx, profile, forcedCase(profile));
    if (profile.patient.processor === 'fortis') {
      generateFortisPatient(ctx, profile, fortis, productTransactionId);
    } else if (profile.patient.processor === 'cashpractice') {
      generateCashPracticePatient(ctx, profile, cashpractice);
    }
    if (profile.plan) {
      planCounter += 1;
      profile.plan.plan.id = `P${String(planCounter).padStart(6, '0')}`;
      plans.push(profile.plan.plan);
    }
    balances.push({
      account: profile.patient.account,
      patientCents: profile.balanceCents,
      insuranceCents: ins.length > 0 && rng.chance(0.5) ? rng.int(0, 600) * 100 : 0,
      asOf: options.today,
    });
    profile.completedVisits = [];
    profile.periodVisits = [];
  }

  for (const list of [
    fortis.contacts,
    fortis.tokens,
    fortis.recurrings,
    fortis.transactions,
    fortis.declined,
    fortis.quickInvoices,
    fortis.paylinks,
  ]) {
    list.sort(byModified('modified_ts'));
  }
  for (const list of [
    cashpractice.patients,
    cashpractice.billingMethods,
    cashpractice.autoDebits,
    cashpractice.transactions,
    cashpractice.carePlans,
  ]) {
    list.sort(byModified('updated_at'));
  }

  return {
    seed,
    today: dayString(today),
    timezone,
    practiceName,
    locations,
    providers,
    appointmentTypes: Object.keys(VISIT_TYPES),
    patients,
    appointments,
    charges,
    insurance,
    balances,
    plans,
    fortis,
    cashpractice,
    ids,
  };
}
