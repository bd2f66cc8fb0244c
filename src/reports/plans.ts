// `report plans` (DOMAIN §3.5): recurring payment plans and treatment plans — who is behind and
// when they are next in. One row per recurring plan, plus treatment plans that no recurring plan pays.
import { cardLabel, cardStatus, chooseCard, type CardStatus } from '../domain/cards.js';
import { planPayment, type PlanPayment } from '../domain/plans.js';
import { nextVisit, treatmentProgress, type TreatmentProgress } from '../domain/visits.js';
import type { Db } from '../store/db.js';
import { formatCents, type Column } from '../terminal/render.js';
import { cardTone, planName, planTone } from './cells.js';
import {
  linkedPlan,
  patientName,
  type CardRow,
  type CarePlanFact,
  type PatientInfo,
  type PlanRow,
} from './facts.js';
import { eachPatient } from './patient-stream.js';
import type { ReportDefinition, ReportRequest } from './report.js';

export interface PlanReportRow {
  patient: PatientInfo;
  plan: PlanRow | undefined;
  carePlan: CarePlanFact | undefined;
  payment: PlanPayment | undefined;
  card: CardRow | undefined;
  cardStatus: CardStatus;
  progress: TreatmentProgress | undefined;
  nextVisit: string | undefined;
}

function* collect(db: Db, request: ReportRequest): Generator<PlanReportRow> {
  const { asOf, rules } = request;
  for (const { patient, facts } of eachPatient(db, {
    search: request.filters.search,
    having: 'plan',
  })) {
    const next = nextVisit(facts.visits, asOf);
    const patientCard = chooseCard(facts.cards, facts.plans) as CardRow | undefined;
    const paid = new Set<number>();
    for (const plan of facts.plans) {
      const carePlan = facts.carePlans.find((c) => linkedPlan(c, [plan]) !== undefined);
      if (carePlan) paid.add(carePlan.id);
      // The plan's own card when it still exists and is active; else the patient's card.
      const own = facts.cards.find(
        (c) => c.active && c.source === plan.source && c.id === plan.cardId,
      );
      const card = own ?? patientCard;
      yield {
        patient,
        plan,
        carePlan,
        payment: planPayment(plan, facts.declines),
        card,
        cardStatus: cardStatus(card, asOf, rules.expiringWithinDays),
        progress:
          carePlan?.kind === 'treatment'
            ? treatmentProgress(carePlan, facts.visits, asOf)
            : undefined,
        nextVisit: next,
      };
    }
    for (const carePlan of facts.carePlans) {
      if (carePlan.kind !== 'treatment' || paid.has(carePlan.id)) continue;
      yield {
        patient,
        plan: undefined,
        carePlan,
        payment: undefined,
        card: patientCard,
        cardStatus: cardStatus(patientCard, asOf, rules.expiringWithinDays),
        progress: treatmentProgress(carePlan, facts.visits, asOf),
        nextVisit: next,
      };
    }
  }
}

function* rows(db: Db, request: ReportRequest): Generator<PlanReportRow> {
  if (!request.filters.behind) {
    yield* collect(db, request);
    return;
  }
  // Only the plans behind, most owed first (a short list, so sorting in memory is fine).
  const behind = [...collect(db, request)].filter((r) => r.payment?.status === 'behind');
  behind.sort((a, b) => (b.payment?.amountBehindCents ?? 0) - (a.payment?.amountBehindCents ?? 0));
  yield* behind;
}

function interval(plan: PlanRow | undefined): string {
  if (!plan?.intervalUnit) return '';
  const n = plan.intervalCount ?? 1;
  return n === 1 ? `every ${plan.intervalUnit}` : `every ${n} ${plan.intervalUnit}s`;
}

function columns(): Array<Column<PlanReportRow> & { description: string }> {
  return [
    {
      key: 'patient',
      description: 'patient name',
      maxWidth: 24,
      value: (r) => patientName(r.patient),
    },
    { key: 'account', description: 'EHR account number', value: (r) => r.patient.account },
    {
      key: 'plan',
      description: 'plan name',
      maxWidth: 28,
      value: (r) => (r.plan ? planName(r.plan) : (r.carePlan?.name ?? '')),
    },
    {
      key: 'kind',
      description: 'treatment, membership, or payment (a recurring plan with no care plan)',
      value: (r) => r.carePlan?.kind ?? 'payment',
    },
    { key: 'amount', kind: 'money', description: 'instalment', value: (r) => r.plan?.amountCents },
    {
      key: 'interval',
      description: 'how often it charges',
      value: (r) => interval(r.plan) || null,
    },
    {
      key: 'status',
      description:
        'behind, current, on_hold, not_started, ended, completed (blank: no payment plan)',
      value: (r) => r.payment?.status,
      tone: (r) => planTone(r.payment?.status),
    },
    {
      key: 'payments',
      description: 'payments made of total, e.g. 4 of 6',
      // "4 of 6", not "4/6": a spreadsheet opening the CSV reads 4/6 as the 6th of April.
      value: (r) =>
        r.plan && r.plan.paymentsMade !== null
          ? `${r.plan.paymentsMade} of ${r.plan.paymentsTotal ?? '∞'}`
          : null,
    },
    {
      key: 'amount_behind',
      header: 'behind',
      kind: 'money',
      description: 'unpaid declined amounts, or payments short × instalment',
      value: (r) => r.payment?.amountBehindCents,
      tone: (r) => ((r.payment?.amountBehindCents ?? 0) > 0 ? 'red' : undefined),
    },
    {
      key: 'last_decline',
      header: 'last decline',
      description: 'date and reason of the latest declined payment',
      maxWidth: 32,
      value: (r) => {
        const d = r.payment?.lastDecline;
        return d ? `${d.date ?? ''} ${d.reason}`.trim() : null;
      },
    },
    {
      key: 'card',
      description: 'card charged by the plan',
      value: (r) => (r.plan || r.card ? cardLabel(r.card) : null),
    },
    {
      key: 'card_status',
      header: 'card status',
      description: 'none, expired, expiring or ok',
      value: (r) => r.cardStatus,
      tone: (r) => cardTone(r.cardStatus),
    },
    {
      key: 'next_visit',
      header: 'next visit',
      kind: 'date',
      description: 'next future appointment',
      value: (r) => r.nextVisit,
    },
    {
      key: 'remaining',
      header: 'left',
      kind: 'int',
      description: 'treatment visits remaining',
      value: (r) => r.progress?.remaining,
    },
    {
      key: 'scheduled',
      header: 'booked',
      kind: 'int',
      description: 'remaining visits already booked',
      value: (r) => r.progress?.scheduled,
    },
    {
      key: 'unscheduled',
      header: 'unbooked',
      kind: 'int',
      description: 'remaining visits not booked yet',
      value: (r) => r.progress?.unscheduled,
      tone: (r) => ((r.progress?.unscheduled ?? 0) > 0 ? 'yellow' : undefined),
    },
    {
      key: 'source',
      description: 'fortis, cashpractice or ehr',
      value: (r) => r.plan?.source ?? r.carePlan?.source,
    },
    {
      key: 'next_run',
      kind: 'date',
      description: 'next charge date',
      value: (r) => r.plan?.nextRunDate,
    },
    {
      key: 'completed',
      kind: 'int',
      description: 'treatment visits used',
      value: (r) => r.progress?.completed,
    },
    {
      key: 'total_visits',
      kind: 'int',
      description: 'treatment visits in the plan',
      value: (r) => r.progress?.total,
    },
  ];
}

const defaultKeys = [
  'patient',
  'plan',
  'kind',
  'amount',
  'interval',
  'status',
  'payments',
  'amount_behind',
  'last_decline',
  'card',
  'card_status',
  'next_visit',
  'remaining',
  'scheduled',
  'unscheduled',
];

export const report: ReportDefinition<PlanReportRow> = {
  columns,
  defaultColumns: () => defaultKeys,
  dropOrder: [
    'interval',
    'kind',
    'last_decline',
    'payments',
    'card',
    'next_visit',
    'scheduled',
    'amount',
  ],
  rows,
  summary: () => {
    let count = 0;
    let behindCount = 0;
    let behind = 0;
    return {
      add(row) {
        count++;
        if (row.payment?.status === 'behind') behindCount++;
        behind += row.payment?.amountBehindCents ?? 0;
      },
      text: () =>
        `${count} plan${count === 1 ? '' : 's'} · ${behindCount} behind · behind ${formatCents(behind)}`,
    };
  },
};
