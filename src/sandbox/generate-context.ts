import type { LocalClock } from './days.js';
import type { IdFactory } from './ids.js';
import type { Prng } from './prng.js';
import type { EhrAppointment, EhrPatient, EhrPlan } from './types.js';

/** What every part of the generator shares while building one practice. */
export interface GenContext {
  rng: Prng;
  ids: IdFactory;
  clock: LocalClock;
  /** Today's day number (practice-local). */
  today: number;
  /** First day of the visit history (a year back, or `historyYears` back). */
  windowStart: number;
  /** More than a year of history: past patients had one episode of care, then left. */
  longHistory: boolean;
  /** Share of the patients under care today. */
  activeShare: number;
  /** Last day of the schedule (a month ahead). */
  windowEnd: number;
  providers: readonly string[];
  locations: readonly string[];
}

/** The payment side of one patient, decided once and mapped to either processor. */
export interface CardProfile {
  brand: 'visa' | 'mc' | 'disc' | 'amex';
  firstSix: string;
  lastFour: string;
  expMonth: number;
  expYear: number;
  /** Day number of the last day the card is valid. */
  validThrough: number;
  createdDay: number;
  /** An older card that was replaced (kept as a second, expired token). */
  previous: { lastFour: string; expMonth: number; expYear: number; createdDay: number } | null;
}

export interface PlanProfile {
  plan: EhrPlan;
  startDay: number;
  endDay: number | null;
  amountCents: number;
  /** Number of monthly payments; null = ongoing (memberships). */
  installments: number | null;
  /** Paid by a recurring plan at the processor (false = prepaid at the desk). */
  recurring: boolean;
  onHoldFrom: number | null;
  /** The latest run declines and stays unpaid (so today's schedule shows PLAN_BEHIND). */
  forceLastDecline: boolean;
}

export interface PatientProfile {
  patient: EhrPatient;
  joinDay: number;
  lastDay: number;
  mainProvider: string;
  card: CardProfile | null;
  plan: PlanProfile | null;
  /** Copay in cents when insured (visit payments use it). */
  copayCents: number | null;
  balanceCents: number;
  completedVisits: EhrAppointment[];
  /** Has an appointment today. */
  bookedToday: boolean;
  /** This patient's appointments from a month back on (membership periods). */
  periodVisits: EhrAppointment[];
  /** The processor record's account number is left empty (exercises e-mail fallback matching). */
  hideAccountAtProcessor: boolean;
}
