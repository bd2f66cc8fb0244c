// `report appointments` — the daily huddle list (DOMAIN §3.4): one row per appointment on the
// selected dates, with the patient's card, plan, membership, pay-wall, insurance and balance facts.
import { cardLabel, cardStatus, chooseCard, type CardStatus } from '../domain/cards.js';
import type { IsoDate } from '../domain/dates.js';
import { appointmentFlags, flagsFor, flagTone, type AppointmentFlag } from '../domain/flags.js';
import { membershipLabel, type MembershipCounts } from '../domain/memberships.js';
import { paywallCheck, type PaywallCheck, type PaywallRuleFact } from '../domain/paywall.js';
import { summarizePlans, type PatientPlanSummary } from '../domain/plans.js';
import type { Db } from '../store/db.js';
import { formatCents, type Column, type Summary } from '../terminal/render.js';
import { balanceColumns, cardTone, insuranceLabel, planLabel, planTone } from './cells.js';
import { batches, patientName } from './facts.js';
import { readHuddleCache } from './huddle-cache.js';
import {
  loadHuddleFacts,
  type HuddleCard,
  type HuddleFacts,
  type HuddlePlan,
} from './huddle-facts.js';
import { matchesAny, type ReportDefinition, type ReportRequest } from './report.js';

/** One appointment of the list, with only what its columns, flags and summary read. */
export interface AppointmentRow {
  id: string;
  date: IsoDate;
  time: string;
  durationMinutes: number | null;
  provider: string | null;
  type: string;
  status: string;
  location: string | null;
  facts: HuddleFacts;
  card: HuddleCard | undefined;
  cardStatus: CardStatus;
  plans: PatientPlanSummary<HuddlePlan>;
  /** The current membership's period counts, if the patient has one on the date. */
  membership: MembershipCounts | undefined;
  nextVisit: IsoDate | undefined;
  paywall: PaywallCheck;
  flags: AppointmentFlag[];
}

/** An appointments row as selectAppointments reads it (raw: an array, not a named-key object). */
type AppointmentRecord = [
  id: string,
  patientId: number,
  startLocal: string,
  localDate: IsoDate,
  startUtc: string,
  durationMinutes: number | null,
  provider: string | null,
  type: string,
  status: string,
  location: string | null,
  removed: number,
];

const hiddenStatuses = new Set(['cancelled', 'rescheduled']);

function selectAppointments(db: Db, request: ReportRequest): AppointmentRecord[] {
  const f = request.filters;
  // An explicit --status shows exactly those statuses, cancelled ones included.
  const showAll = f.allStatuses || f.status.length > 0;
  const rows = db
    .prepare(
      `SELECT id, patient_id, start_local, local_date, start_utc, duration_minutes, provider, type,
              status, location, removed
       FROM appointments WHERE local_date BETWEEN ? AND ? ${showAll ? '' : 'AND removed = 0'}
       ORDER BY start_local, id`,
    )
    .raw()
    .all(request.from, request.to) as AppointmentRecord[];
  return rows.filter(
    (a) =>
      (showAll || !hiddenStatuses.has(a[8])) &&
      matchesAny(a[8], f.status) &&
      matchesAny(a[6], f.provider) &&
      matchesAny(a[9], f.location) &&
      matchesAny(a[7], f.type),
  );
}

function loadPaywall(
  db: Db,
  appointmentIds: string[],
): { rules: Map<string, PaywallRuleFact>; paid: Set<string> } {
  const rules = new Map<string, PaywallRuleFact>();
  for (const r of db
    .prepare('SELECT type, amount_cents, mode, due_within_minutes FROM paywall_rules')
    .all() as Array<{
    type: string;
    amount_cents: number;
    mode: string;
    due_within_minutes: number;
  }>) {
    rules.set(r.type.toLowerCase(), {
      amountCents: r.amount_cents,
      mode: r.mode === 'full' ? 'full' : 'deposit',
      dueWithinMinutes: r.due_within_minutes,
    });
  }
  const paid = new Set<string>();
  if (rules.size > 0 && appointmentIds.length > 0) {
    const key = JSON.stringify(appointmentIds);
    const rows = db
      .prepare(
        `SELECT appointment_id FROM payment_links
         WHERE appointment_id IN (SELECT value FROM json_each(?))
           AND purpose = 'paywall' AND status = 'paid' AND removed = 0
         UNION SELECT appointment_id FROM posted_payments
         WHERE appointment_id IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(key, key) as string[];
    for (const id of rows) paid.add(id);
  }
  return { rules, paid };
}

/**
 * Everything the list reads, in one read transaction: one snapshot of the cache, whatever a sync
 * (or the huddle cache's rebuild after it) commits meanwhile.
 */
function loadList(
  db: Db,
  request: ReportRequest,
): {
  appointments: AppointmentRecord[];
  facts: Map<number, HuddleFacts>;
  rules: Map<string, PaywallRuleFact>;
  paid: Set<string>;
} {
  return db.transaction(() => {
    const appointments = selectAppointments(db, request);
    const facts = new Map<number, HuddleFacts>();
    if (appointments.length === 0)
      return {
        appointments,
        facts,
        rules: new Map<string, PaywallRuleFact>(),
        paid: new Set<string>(),
      };
    // Each patient's dates on the list: next visit, booked after and membership use are as of each.
    const dates = new Map<number, IsoDate[]>();
    for (const a of appointments) {
      const days = dates.get(a[1]);
      if (!days) dates.set(a[1], [a[3]]);
      else if (!days.includes(a[3])) days.push(a[3]);
    }
    for (const batch of batches([...dates.keys()], 1000)) {
      const batchDates = new Map(batch.map((id) => [id, dates.get(id) ?? []]));
      // The huddle cache holds the date-independent facts when it is fresh (one row per patient).
      const cached = readHuddleCache(db, batch);
      for (const [id, f] of loadHuddleFacts(db, batchDates, request.rules.periodAnchor, cached)) {
        facts.set(id, f);
      }
    }
    const { rules, paid } = loadPaywall(
      db,
      appointments.map((a) => a[0]),
    );
    return { appointments, facts, rules, paid };
  })();
}

function* appointmentRows(db: Db, request: ReportRequest): Generator<AppointmentRow> {
  const { appointments, facts, rules, paid } = loadList(db, request);
  const { rules: settings, filters } = request;
  for (const a of appointments) {
    const [id, patientId, startLocal, date, startUtc] = a;
    const f = facts.get(patientId);
    if (!f) continue;
    const card = chooseCard(f.cards, f.plans);
    const status = cardStatus(card, date, settings.expiringWithinDays);
    const plans = summarizePlans(f.plans, f.declines);
    const day = f.days.find((d) => d.date === date);
    const membership = day?.membership;
    const type = a[7];
    const paywall = paywallCheck(
      rules.get(type.toLowerCase()),
      paid.has(id),
      startUtc,
      request.now,
    );
    const flags = flagsFor({
      cardStatus: status,
      unpaidDecline: plans.anyUnpaidDecline,
      planBehind: plans.anyBehind,
      overLimit: (membership?.overBy ?? 0) > 0,
      nothingBookedAfter: !day?.bookedAfter,
      depositOverdue: paywall.overdue,
      patientBalanceCents: f.patientBalanceCents,
      balanceThresholdCents: settings.balanceThresholdCents,
    });
    if (filters.flagged && flags.length === 0) continue;
    if (filters.flag.length > 0 && !filters.flag.some((w) => flags.includes(w as AppointmentFlag)))
      continue;
    yield {
      id,
      date,
      time: startLocal.slice(11, 16) || startLocal,
      durationMinutes: a[5],
      provider: a[6],
      type,
      status: a[10] ? `${a[8]} (removed)` : a[8],
      location: a[9],
      facts: f,
      card,
      cardStatus: status,
      plans,
      membership,
      nextVisit: day?.next,
      paywall,
      flags,
    };
  }
}

const moneyFlags = new Set<AppointmentFlag>([
  'NO_CARD',
  'CARD_EXPIRED',
  'PAYMENT_DECLINED',
  'PLAN_BEHIND',
  'DEPOSIT_UNPAID',
  'BALANCE_DUE',
]);

function columns(request: ReportRequest): Array<Column<AppointmentRow> & { description: string }> {
  const threshold = request.rules.balanceThresholdCents;
  return [
    { key: 'date', kind: 'date', description: 'appointment date', value: (r) => r.date },
    { key: 'time', description: 'start time (practice time)', value: (r) => r.time },
    {
      key: 'patient',
      description: 'patient name',
      maxWidth: 24,
      minWidth: 14,
      value: (r) => patientName(r.facts.patient),
    },
    { key: 'account', description: 'EHR account number', value: (r) => r.facts.patient.account },
    { key: 'provider', description: 'provider', maxWidth: 16, value: (r) => r.provider },
    { key: 'type', description: 'visit type', maxWidth: 16, value: (r) => r.type },
    {
      key: 'status',
      description: 'appointment status',
      value: (r) => r.status,
      tone: (r) =>
        r.status === 'missed' ? 'red' : r.status === 'checked_in' ? 'green' : undefined,
    },
    {
      key: 'card',
      description: 'card on file: brand, last four, MM/YY (or none)',
      minWidth: 16,
      value: (r) => cardLabel(r.card),
      tone: (r) => (r.cardStatus === 'ok' ? undefined : cardTone(r.cardStatus)),
    },
    {
      key: 'card_status',
      header: 'card status',
      description: 'none, expired, expiring or ok',
      value: (r) => r.cardStatus,
      tone: (r) => cardTone(r.cardStatus),
    },
    {
      key: 'plan',
      description: 'recurring plan: name, status, amount behind',
      maxWidth: 32,
      minWidth: 16,
      value: (r) => planLabel(r.plans.plan, r.plans.payment) || null,
      tone: (r) => planTone(r.plans.payment?.status),
    },
    {
      key: 'membership',
      description: 'membership use this period: used+scheduled/allowed',
      value: (r) => (r.membership ? membershipLabel(r.membership) : null),
      tone: (r) => ((r.membership?.overBy ?? 0) > 0 ? 'yellow' : undefined),
    },
    {
      key: 'paywall',
      description: 'pay-walled appointment: paid, unpaid or blank',
      value: (r) => r.paywall.state || null,
      tone: (r) =>
        r.paywall.state === 'paid'
          ? 'green'
          : r.paywall.overdue
            ? 'red'
            : r.paywall.state
              ? 'yellow'
              : undefined,
    },
    {
      key: 'insurance',
      description: 'primary insurance carrier and copay',
      maxWidth: 24,
      value: (r) => insuranceLabel(r.facts.insurance) || null,
    },
    ...balanceColumns(threshold),
    {
      key: 'flags',
      kind: 'list',
      description: `problems: ${appointmentFlags.join(', ')}`,
      maxWidth: 60,
      // The point of the huddle list: never squeeze it below two whole flags.
      minWidth: 32,
      value: (r) => r.flags,
      tone: (r) =>
        r.flags.length === 0
          ? undefined
          : r.flags.some((f) => moneyFlags.has(f))
            ? 'red'
            : flagTone(r.flags[0] ?? 'OVER_LIMIT'),
    },
    { key: 'appointment_id', description: 'appointment id', value: (r) => r.id },
    { key: 'location', description: 'location', value: (r) => r.location },
    { key: 'duration', kind: 'int', description: 'minutes', value: (r) => r.durationMinutes },
    { key: 'mobile', description: 'patient mobile', value: (r) => r.facts.patient.mobile },
    {
      key: 'plan_status',
      description: 'worst plan payment status',
      value: (r) => r.plans.payment?.status,
    },
    {
      key: 'amount_behind',
      kind: 'money',
      description: 'sum behind over every plan',
      value: (r) => r.plans.amountBehindCents,
    },
    {
      key: 'last_decline',
      description: 'date and reason of the latest declined plan payment',
      value: (r) => {
        const d = r.plans.payment?.lastDecline;
        return d ? `${d.date ?? ''} ${d.reason}`.trim() : null;
      },
    },
    {
      key: 'copay',
      kind: 'money',
      description: 'copay of the primary insurance',
      value: (r) => r.facts.insurance?.copayCents,
    },
    {
      key: 'next_visit',
      kind: 'date',
      description: 'next future appointment',
      value: (r) => r.nextVisit,
    },
  ];
}

const defaultKeys = [
  'time',
  'patient',
  'account',
  'provider',
  'type',
  'status',
  'card',
  'card_status',
  'plan',
  'membership',
  'paywall',
  'insurance',
  'patient_balance',
  'insurance_balance',
  'flags',
];

/** The table's last line: counts, flagged, per-flag counts, total behind and patient balance. */
function summary(): Summary<AppointmentRow> {
  let count = 0;
  let flagged = 0;
  const perFlag = new Map<AppointmentFlag, number>();
  const seen = new Set<number>();
  let behind = 0;
  let balance = 0;
  return {
    add(row) {
      count++;
      if (row.flags.length > 0) flagged++;
      for (const f of row.flags) perFlag.set(f, (perFlag.get(f) ?? 0) + 1);
      // Money totals count each patient once, however many appointments they have in the range.
      if (!seen.has(row.facts.patient.id)) {
        seen.add(row.facts.patient.id);
        behind += row.plans.amountBehindCents;
        balance += row.facts.patientBalanceCents;
      }
    },
    text() {
      const flags = appointmentFlags
        .filter((f) => perFlag.has(f))
        .map((f) => `${f} ${perFlag.get(f)}`);
      return [
        `${count} appointment${count === 1 ? '' : 's'}`,
        `${flagged} flagged`,
        ...flags,
        `behind ${formatCents(behind)}`,
        `patient balance ${formatCents(balance)}`,
      ].join(' · ');
    },
  };
}

/**
 * A --provider, --location or --type value that no appointment has (a typo, "Hart" for "Dr. Amelia
 * Hart") gives an empty list that looks like a quiet day; name the values the schedule does have.
 */
function unknownFilterValues(db: Db, request: ReportRequest): string[] {
  const warnings: string[] = [];
  const checks = [
    ['provider', '--provider', request.filters.provider],
    ['location', '--location', request.filters.location],
    ['type', '--type', request.filters.type],
  ] as const;
  for (const [column, flag, wanted] of checks) {
    if (wanted.length === 0) continue;
    // A value in use is found within the first rows; only a missing one costs a scan of the whole
    // table (the list of known values below scans it too: ~300 ms at 640,000 appointments).
    const inUse = db.prepare(
      `SELECT EXISTS (SELECT 1 FROM appointments WHERE removed = 0 AND lower(${column}) = lower(?))`,
    );
    if (wanted.every((w) => inUse.pluck().get(w) === 1)) continue;
    const known = db
      .prepare(
        `SELECT DISTINCT ${column} FROM appointments
         WHERE removed = 0 AND ${column} IS NOT NULL AND ${column} <> '' ORDER BY 1 LIMIT 30`,
      )
      .pluck()
      .all() as string[];
    const lower = new Set(known.map((k) => k.toLowerCase()));
    const missing = wanted.filter((w) => !lower.has(w.toLowerCase()));
    if (missing.length === 0) continue;
    warnings.push(
      `${flag} ${missing.map((m) => `"${m}"`).join(', ')}: no appointment has ${missing.length === 1 ? 'it' : 'them'}` +
        (known.length > 0
          ? ` (the whole name is needed; the schedule has: ${known.join(', ')}).`
          : '.'),
    );
  }
  return warnings;
}

export const report: ReportDefinition<AppointmentRow> = {
  columns,
  warnings: unknownFilterValues,
  dropOrder: [
    'insurance_balance',
    'account',
    'insurance',
    'provider',
    'status',
    'type',
    'card',
    'membership',
    'paywall',
    'plan',
    'patient_balance',
  ],
  defaultColumns: (request) =>
    request.from === request.to ? defaultKeys : ['date', ...defaultKeys],
  rows: appointmentRows,
  summary,
};
