import type { IdFactory } from './ids.js';

/**
 * The generated practice: EHR-side records (written as the canonical CSV files) and the processor
 * records (served by the emulator in their wire shapes). Same people, same account numbers.
 */

export type Processor = 'fortis' | 'cashpractice';
export type ProcessorChoice = Processor | 'both';

export type AppointmentStatus =
  'Future' | 'Checked in' | 'Completed' | 'Missed' | 'Cancelled' | 'Rescheduled';

export interface EhrPatient {
  account: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  mobile: string;
  email: string;
  active: boolean;
  location: string;
  caseType: string;
  tags: string[];
  doNotContact: boolean;
  smsConsent: string;
  /** Which processor holds this patient's cards and plans (null: pays at the desk only). */
  processor: Processor | null;
}

export interface EhrAppointment {
  id: string;
  account: string;
  /** Day number (see days.ts) and minutes after local midnight. */
  day: number;
  minutes: number;
  duration: number;
  provider: string;
  type: string;
  status: AppointmentStatus;
  location: string;
  source: 'ehr' | 'online';
}

export interface EhrCharge {
  id: string;
  account: string;
  day: number;
  code: string;
  description: string;
  feeCents: number;
  paidCents: number;
}

export interface EhrInsurance {
  account: string;
  carrier: string;
  plan: string;
  memberId: string;
  copayCents: number;
  coverageEnd: string;
  priority: 'primary' | 'secondary';
}

export interface EhrBalance {
  account: string;
  patientCents: number;
  insuranceCents: number;
  asOf: string;
}

export interface EhrPlan {
  id: string;
  account: string;
  kind: 'treatment' | 'membership';
  name: string;
  totalVisits: number | null;
  visitsAllowed: number | null;
  period: 'week' | 'month' | null;
  targetPerWeek: number | null;
  startDate: string;
  endDate: string | null;
  careStatus: string;
  processorPlanId: string | null;
}

/** A JSON object as the emulator serves it (wire field names). */
export type WireRecord = Record<string, unknown> & { id: string };

export interface FortisData {
  userId: string;
  userApiKey: string;
  developerId: string;
  locationId: string;
  user: WireRecord;
  location: WireRecord;
  contacts: WireRecord[];
  tokens: WireRecord[];
  recurrings: WireRecord[];
  transactions: WireRecord[];
  declined: WireRecord[];
  quickInvoices: WireRecord[];
  paylinks: WireRecord[];
}

export interface CashPracticeData {
  apiKey: string;
  account: WireRecord;
  patients: WireRecord[];
  billingMethods: WireRecord[];
  autoDebits: WireRecord[];
  transactions: WireRecord[];
  carePlans: WireRecord[];
}

export interface Practice {
  seed: number;
  today: string;
  timezone: string;
  practiceName: string;
  locations: string[];
  providers: string[];
  appointmentTypes: string[];
  patients: EhrPatient[];
  appointments: EhrAppointment[];
  charges: EhrCharge[];
  insurance: EhrInsurance[];
  balances: EhrBalance[];
  plans: EhrPlan[];
  fortis: FortisData;
  cashpractice: CashPracticeData;
  /** Id counters, so records the emulator creates later never collide with generated ones. */
  ids: IdFactory;
}

export interface GenerateOptions {
  seed?: number;
  patients?: number;
  /** Practice-local 'YYYY-MM-DD'. */
  today: string;
  timezone?: string;
  processors?: ProcessorChoice;
  /**
   * Years of visit history (default 1). With more than one the practice is a long-running
   * clinic: patients outside the current caseload came for an episode of care in the past.
   */
  historyYears?: number;
  /** Share of the patients under care today (default 0.86). */
  activeShare?: number;
}
