// The Cash Practice wire format of the PROVISIONAL contract (shared/integrations/cashpractice.md):
// zod schemas for every response and the mapping into trackstat's domain records. No other file
// knows a Cash Practice field name. Every schema ignores fields it does not know (Cash Practice may
// send more than the contract says) and names the offending field when a known one is wrong.
import { z } from 'zod';
import type {
  CardRecord,
  CarePlanRecord,
  ContactRecord,
  PlanStatus,
  RecurringPlanRecord,
  TransactionRecord,
  TransactionStatus,
} from '../../domain/records.js';
import { MalformedResponseError } from '../errors.js';

/** Ids may arrive as strings or numbers; trackstat keeps them as text. */
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const optId = z
  .union([z.string(), z.number().int()])
  .nullish()
  .transform((v) => (v === undefined || v === null || v === '' ? null : String(v)));
/** Free text: trimmed, empty → null. */
const optText = z
  .string()
  .nullish()
  .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const optDate = isoDate.nullish().transform((v) => v ?? null);
const instant = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'expected an ISO-8601 instant',
  })
  .transform((v) => new Date(v).toISOString());
const optInstant = instant.nullish().transform((v) => v ?? null);
const count = z.number().int().min(0);
const cents = z.number().int();
/** Enumerations are matched case-insensitively ("Paused" = "paused"). */
function word<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(values));
}

export const accountSchema = z.object({
  id,
  practice_name: optText,
  timezone: optText,
});

export const patientSchema = z.object({
  id,
  tps_id: optId,
  first_name: optText,
  last_name: optText,
  email: optText,
  mobile: optText,
  // Not in the contract; used for name+dob matching when Cash Practice sends it.
  date_of_birth: optDate.optional(),
  status: word(['active', 'inactive']),
  updated_at: instant,
});

export const billingMethodSchema = z.object({
  id,
  patient_id: optId,
  type: word(['card', 'bank']),
  brand: optText,
  last_four: optId,
  exp_month: z.number().int().min(1).max(12).nullish(),
  exp_year: z.number().int().min(0).max(9999).nullish(),
  is_default: z.boolean().nullish(),
  archived: z.boolean().nullish(),
  updated_by_card_updater_at: optInstant,
  created_at: optInstant.optional(),
  updated_at: instant,
});

export const autoDebitSchema = z.object({
  id,
  patient_id: optId,
  billing_method_id: optId,
  amount_cents: cents,
  frequency: word(['weekly', 'biweekly', 'monthly', 'semimonthly']),
  payments_total: count.nullish(),
  payments_made: count.nullish(),
  start_date: optDate,
  next_payment_date: optDate,
  status: word(['not_started', 'active', 'paused', 'stopped', 'completed']),
  paid_up: z.boolean().nullish(),
  payments_short: count.nullish(),
  care_plan_id: optId,
  group: optText,
  created_at: optInstant.optional(),
  updated_at: instant,
});

export const transactionSchema = z.object({
  id,
  auto_debit_id: optId,
  patient_id: optId,
  processed_at: optInstant,
  amount_cents: cents,
  status: word(['accepted', 'declined', 'void', 'refund', 'returned', 'pending']),
  decline_code: optId,
  description: optText,
  // Not in the contract; recorded when present (card-update and pay-now reconciliation).
  billing_method_id: optId.optional(),
  pay_now_link_id: optId.optional(),
  updated_at: instant,
});

export const carePlanSchema = z.object({
  id,
  patient_ids: z.array(id),
  name: z.string().trim().min(1),
  type: word(['corrective', 'wellness', 'block']),
  total_visits: count.nullish(),
  plan_months: count.nullish(),
  start_date: optDate,
  status: optText,
  updated_at: instant,
});

export const payNowLinkSchema = z.object({ id, url: z.string().min(1), reference: optText });

/** The error body `{ "error": { "code", "message" } }`, read leniently. */
export const errorSchema = z.object({
  error: z.object({ code: optText.optional(), message: optText.optional() }),
});

// ---- fast path ----
// The lenient schemas above cost ~12 µs a record (unions, transforms); a full sync reads hundreds of
// thousands. Canonical records (string ids, lowercase words, trimmed text, UTC instants) are checked
// by these plain schemas (~1 µs) instead, with instants normalised by hand to the lenient output;
// anything else falls back to the lenient schema, which accepts it or names the bad field.

const fId = z.string().min(1);
const fOptId = fId.nullable();
const fText = z
  .string()
  .regex(/^\S(?:[\s\S]*\S)?$/)
  .nullable();
const fInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/);
const fCount = z.number().int().min(0);

interface FastSpec {
  schema: z.ZodType;
  /** Fields holding instants (normalised to `toISOString()` form, as the lenient schema does). */
  instants: readonly string[];
}

const fastSpecs = new Map<z.ZodType, FastSpec>([
  [
    patientSchema,
    {
      schema: z.object({
        id: fId,
        tps_id: fOptId,
        first_name: fText,
        last_name: fText,
        email: fText,
        mobile: fText,
        date_of_birth: isoDate.nullable().optional(),
        status: z.enum(['active', 'inactive']),
        updated_at: fInstant,
      }),
      instants: ['updated_at'],
    },
  ],
  [
    billingMethodSchema,
    {
      schema: z.object({
        id: fId,
        patient_id: fOptId,
        type: z.enum(['card', 'bank']),
        brand: fText,
        last_four: fOptId,
        exp_month: z.number().int().min(1).max(12).nullable(),
        exp_year: z.number().int().min(0).max(9999).nullable(),
        is_default: z.boolean().nullable(),
        archived: z.boolean().nullable(),
        updated_by_card_updater_at: fInstant.nullable(),
        created_at: fInstant.nullable().optional(),
        updated_at: fInstant,
      }),
      instants: ['updated_by_card_updater_at', 'created_at', 'updated_at'],
    },
  ],
  [
    autoDebitSchema,
    {
      schema: z.object({
        id: fId,
        patient_id: fOptId,
        billing_method_id: fOptId,
        amount_cents: z.number().int(),
        frequency: z.enum(['weekly', 'biweekly', 'monthly', 'semimonthly']),
        payments_total: fCount.nullable(),
        payments_made: fCount.nullable(),
        start_date: isoDate.nullable(),
        next_payment_date: isoDate.nullable(),
        status: z.enum(['not_started', 'active', 'paused', 'stopped', 'completed']),
        paid_up: z.boolean().nullable(),
        payments_short: fCount.nullable(),
        care_plan_id: fOptId,
        group: fText,
        created_at: fInstant.nullable().optional(),
        updated_at: fInstant,
      }),
      instants: ['created_at', 'updated_at'],
    },
  ],
  [
    transactionSchema,
    {
      schema: z.object({
        id: fId,
        auto_debit_id: fOptId,
        patient_id: fOptId,
        processed_at: fInstant.nullable(),
        amount_cents: z.number().int(),
        status: z.enum(['accepted', 'declined', 'void', 'refund', 'returned', 'pending']),
        decline_code: fOptId,
        description: fText,
        billing_method_id: fOptId.optional(),
        pay_now_link_id: fOptId.optional(),
        updated_at: fInstant,
      }),
      instants: ['processed_at', 'updated_at'],
    },
  ],
  [
    carePlanSchema,
    {
      schema: z.object({
        id: fId,
        patient_ids: z.array(fId),
        name: z.string().regex(/^\S(?:[\s\S]*\S)?$/),
        type: z.enum(['corrective', 'wellness', 'block']),
        total_visits: fCount.nullable(),
        plan_months: fCount.nullable(),
        start_date: isoDate.nullable(),
        status: fText,
        updated_at: fInstant,
      }),
      instants: ['updated_at'],
    },
  ],
]);

function normaliseInstants(record: Record<string, unknown>, fields: readonly string[]): boolean {
  for (const field of fields) {
    const v = record[field];
    if (typeof v !== 'string') continue;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) return false;
    record[field] = new Date(ms).toISOString();
  }
  return true;
}

/** Validates one record: the fast path for canonical records, else the lenient schema. */
export function parseRecord<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  what: string,
): z.output<S> {
  const fast = fastSpecs.get(schema);
  if (fast) {
    const parsed = fast.schema.safeParse(raw);
    if (
      parsed.success &&
      normaliseInstants(parsed.data as Record<string, unknown>, fast.instants)
    ) {
      return parsed.data as z.output<S>;
    }
  }
  return parseBody(schema, raw, what);
}

export type AccountWire = z.infer<typeof accountSchema>;
export type PatientWire = z.infer<typeof patientSchema>;
export type BillingMethodWire = z.infer<typeof billingMethodSchema>;
export type AutoDebitWire = z.infer<typeof autoDebitSchema>;
export type TransactionWire = z.infer<typeof transactionSchema>;
export type CarePlanWire = z.infer<typeof carePlanSchema>;
export type PayNowLinkWire = z.infer<typeof payNowLinkSchema>;

/** The list resources of the contract and their paths (`GET /v1/<path>`). */
export const listPaths = {
  patients: '/v1/patients',
  billingMethods: '/v1/billing-methods',
  autoDebits: '/v1/auto-debits',
  transactions: '/v1/transactions',
  carePlans: '/v1/care-plans',
} as const;
export type ListResource = keyof typeof listPaths;

export const accountPath = '/v1/account';
export const payNowLinksPath = '/v1/pay-now-links';

/** The query of one list request. */
export function listQuery(options: {
  updatedSince: string | null;
  limit: number;
  cursor: string | null;
}): Record<string, string | number | undefined> {
  return {
    updated_since: options.updatedSince ?? undefined,
    limit: Math.max(1, Math.min(1000, options.limit)),
    cursor: options.cursor ?? undefined,
  };
}

/** The Authorization header value. */
export function authHeader(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}

/** The error message in an error body, if it has one. */
export function errorMessageOf(body: unknown): string | undefined {
  const parsed = errorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { code, message } = parsed.data.error;
  return message ?? code ?? undefined;
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Validates a body against a schema, or throws a MalformedResponseError naming the field. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? `${what}${issue.path.length ? '.' : ''}${pathText(issue.path)}` : what;
  throw new MalformedResponseError(
    `Unexpected response from Cash Practice: ${field} ${issue?.message ?? 'is invalid'}.`,
    {
      provider: 'cashpractice',
      field,
      hint: 'The Cash Practice connector follows a provisional contract; if this persists, run with --verbose and report the field named above.',
    },
  );
}

const envelope = z.object({
  data: z.array(z.unknown()),
  next_cursor: z.string().nullish(),
});

/** One validated page of a list: parsed records side by side with their raw JSON. */
export interface WirePage<T> {
  items: Array<{ wire: T; raw: unknown }>;
  nextCursor: string | null;
}

/** Validates a list body `{ data, next_cursor }` record by record. */
export function parseListPage<S extends z.ZodType>(
  schema: S,
  body: unknown,
  resource: string,
): WirePage<z.output<S>> {
  const page = parseBody(envelope, body, resource);
  const items = page.data.map((raw, i) => ({
    wire: parseRecord(schema, raw, `${resource}.data[${i}]`),
    raw,
  }));
  return { items, nextCursor: page.next_cursor ? page.next_cursor : null };
}

// ---- mapping into domain records ----

/** A Cash Practice patient → a processor contact (TPS id = EHR account number). */
export function toContact(w: PatientWire, raw: unknown): ContactRecord {
  return {
    source: 'cashpractice',
    upstreamId: w.id,
    modifiedAt: w.updated_at,
    raw,
    accountNumber: w.tps_id,
    firstName: w.first_name,
    lastName: w.last_name,
    email: w.email,
    mobile: w.mobile,
    dateOfBirth: w.date_of_birth ?? null,
    active: w.status === 'active',
  };
}

/** A Billing Vault entry → a card (bank accounts as 'ach'); archived → inactive. */
export function toCard(w: BillingMethodWire, raw: unknown): CardRecord {
  return {
    source: 'cashpractice',
    upstreamId: w.id,
    modifiedAt: w.updated_at,
    raw,
    contactId: w.patient_id,
    method: w.type === 'bank' ? 'ach' : 'cc',
    brand: w.brand,
    lastFour: w.last_four,
    expMonth: w.exp_month ?? null,
    // Two-digit years ("27") are read as 20xx.
    expYear:
      w.exp_year === null || w.exp_year === undefined
        ? null
        : w.exp_year < 100
          ? 2000 + w.exp_year
          : w.exp_year,
    holderName: null,
    isDefault: w.is_default === true,
    active: w.archived !== true,
    hasRecurring: false,
    accountUpdaterAt: w.updated_by_card_updater_at,
    createdAt: w.created_at ?? null,
  };
}

const planStatusOf: Record<AutoDebitWire['status'], PlanStatus> = {
  not_started: 'not_started',
  active: 'active',
  paused: 'on_hold',
  stopped: 'ended',
  completed: 'completed',
};

const intervalOf: Record<
  AutoDebitWire['frequency'],
  { count: number; unit: RecurringPlanRecord['intervalUnit'] }
> = {
  weekly: { count: 1, unit: 'week' },
  biweekly: { count: 2, unit: 'week' },
  monthly: { count: 1, unit: 'month' },
  semimonthly: { count: 1, unit: 'semimonth' },
};

/** An auto-debit → a recurring plan, keeping "paid up" and "payments short". */
export function toRecurringPlan(w: AutoDebitWire, raw: unknown): RecurringPlanRecord {
  const interval = intervalOf[w.frequency];
  const indefinite = w.payments_total === null || w.payments_total === undefined;
  return {
    source: 'cashpractice',
    upstreamId: w.id,
    modifiedAt: w.updated_at,
    raw,
    contactId: w.patient_id,
    cardId: w.billing_method_id,
    amountCents: w.amount_cents,
    intervalCount: interval.count,
    intervalUnit: interval.unit,
    planType: indefinite ? 'ongoing' : 'fixed',
    paymentsTotal: w.payments_total ?? null,
    paymentsMade: w.payments_made ?? null,
    startDate: w.start_date,
    endDate: null,
    nextRunDate: w.next_payment_date,
    status: planStatusOf[w.status],
    description: w.group,
    paidUp: w.paid_up ?? null,
    // Short only matters while not paid up; a stale count on a paid-up plan would mislead reports.
    paymentsShort: w.paid_up === false ? (w.payments_short ?? null) : 0,
    carePlanRef: w.care_plan_id,
    groupName: w.group,
    createdAt: w.created_at ?? null,
  };
}

const transactionStatusOf: Record<TransactionWire['status'], TransactionStatus> = {
  accepted: 'approved',
  declined: 'declined',
  void: 'voided',
  refund: 'refunded',
  returned: 'returned',
  pending: 'pending',
};

/** A transaction (order) → a transaction record with its decline code and description. */
export function toTransaction(w: TransactionWire, raw: unknown): TransactionRecord {
  return {
    source: 'cashpractice',
    upstreamId: w.id,
    modifiedAt: w.updated_at,
    raw,
    contactId: w.patient_id,
    cardId: w.billing_method_id ?? null,
    amountCents: w.amount_cents,
    occurredAt: w.processed_at,
    kind: w.status === 'refund' ? 'refund' : 'sale',
    status: transactionStatusOf[w.status],
    reasonCode: w.decline_code,
    reasonText: w.description,
    planId: w.auto_debit_id,
    invoiceId: null,
    paylinkId: w.pay_now_link_id ?? null,
    storedCardId: null,
  };
}

/** What a care-plan mapping needs to know about the auto-debit that pays for it. */
export interface CarePlanFunding {
  autoDebitId: string;
  /** No payment count: the plan renews until stopped. */
  indefinite: boolean;
}

/** Visits allowed per period for a membership, by plan name (config `memberships.rules`). */
export type MembershipAllowance = (
  planName: string,
) => { visits: number; period: 'week' | 'month' } | undefined;

function addMonthsMinusDay(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const end = new Date(Date.UTC(year, month - 1, Math.min(d, last)));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/**
 * A care plan → one CarePlanRecord per patient on it (keyed `<plan id>:<patient id>`). Corrective
 * and Block of Service are treatment plans (total visits, end = start + plan months); Wellness is a
 * membership when an indefinite auto-debit pays for it (else a treatment plan: a Wellness plan
 * with a fixed number of payments starts and ends like a corrective one). Visits allowed come from
 * the configured rules, else stay null for the EHR plans import to supply.
 */
export function toCarePlans(
  w: CarePlanWire,
  raw: unknown,
  fundingOf: (carePlanId: string, patientId: string) => CarePlanFunding | undefined,
  allowance: MembershipAllowance,
): CashPracticeCarePlan[] {
  return [...new Set(w.patient_ids)].map((patientId) => {
    const funding = fundingOf(w.id, patientId);
    const membership = w.type === 'wellness' && funding?.indefinite === true;
    const allowed = membership ? allowance(w.name) : undefined;
    return {
      source: 'cashpractice',
      upstreamId: carePlanKey(w.id, patientId),
      modifiedAt: w.updated_at,
      raw,
      contactId: patientId,
      kind: membership ? 'membership' : 'treatment',
      name: w.name,
      totalVisits: membership ? null : (w.total_visits ?? null),
      visitsAllowed: allowed?.visits ?? null,
      period: allowed?.period ?? null,
      startDate: w.start_date,
      endDate:
        !membership && w.start_date && w.plan_months
          ? addMonthsMinusDay(w.start_date, w.plan_months)
          : null,
      processorPlanId: funding?.autoDebitId ?? null,
      careStatus: careStatusOf(w),
    };
  });
}

/** The cache key of one patient's share of a care plan. */
export function carePlanKey(carePlanId: string, patientId: string): string {
  return `${carePlanId}:${patientId}`;
}

/** A care plan record plus the care status its Cash Practice type implies. */
export type CashPracticeCarePlan = CarePlanRecord & {
  careStatus: 'corrective' | 'maintenance' | null;
};

/** The care status a Cash Practice plan type implies (care_plans.care_status). */
export function careStatusOf(w: CarePlanWire): 'corrective' | 'maintenance' | null {
  return w.type === 'corrective' ? 'corrective' : w.type === 'wellness' ? 'maintenance' : null;
}

/** A pay-now link request body. */
export function payNowLinkBody(input: {
  patientId: string;
  purpose: 'payment' | 'store_billing';
  amountCents?: number | undefined;
  message?: string | undefined;
  reference: string;
}): Record<string, unknown> {
  return {
    patient_id: input.patientId,
    purpose: input.purpose,
    ...(input.amountCents !== undefined ? { amount_cents: input.amountCents } : {}),
    ...(input.message !== undefined ? { message: input.message } : {}),
    reference: input.reference,
  };
}
