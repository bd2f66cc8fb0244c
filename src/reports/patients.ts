// `report patients` (DOMAIN §3.5): every patient with card, plan, membership, visits and balances.
import { cardLabel } from '../domain/cards.js';
import { addDays } from '../domain/dates.js';
import type { Db } from '../store/db.js';
import { formatCents, type Column } from '../terminal/render.js';
import { balanceColumns, cardTone, insuranceLabel, planName, planTone } from './cells.js';
import { derivePatient, type PatientView } from './derive.js';
import { patientName, type PatientFacts, type PatientInfo } from './facts.js';
import { eachPatient } from './patient-stream.js';
import type { ReportDefinition, ReportRequest } from './report.js';

export interface PatientRow {
  patient: PatientInfo;
  facts: PatientFacts;
  view: PatientView;
}

function* rows(db: Db, request: ReportRequest): Generator<PatientRow> {
  const f = request.filters;
  for (const { patient, facts } of eachPatient(db, {
    activeOnly: f.active,
    locations: f.location,
    search: f.search,
    tags: f.tag,
    // Recent visits suffice for the membership period and next visit; the last visit comes from an
    // index-only aggregate.
    window: { visitsFrom: addDays(request.asOf, -62), lastVisitAsOf: request.asOf },
  })) {
    const view = derivePatient(facts, request.asOf, request.rules);
    if (f.card.length > 0 && !f.card.includes(view.cardStatus)) continue;
    if (f.behind && !view.plans.anyBehind) continue;
    if (f.noNextVisit && view.nextVisit !== undefined) continue;
    if (f.overLimit && !((view.membership?.use.overBy ?? 0) > 0)) continue;
    yield { patient, facts, view };
  }
}

function columns(request: ReportRequest): Array<Column<PatientRow> & { description: string }> {
  const threshold = request.rules.balanceThresholdCents;
  return [
    {
      key: 'patient',
      description: 'patient name',
      maxWidth: 24,
      value: (r) => patientName(r.patient),
    },
    { key: 'account', description: 'EHR account number', value: (r) => r.patient.account },
    { key: 'mobile', description: 'mobile number', value: (r) => r.patient.mobile },
    { key: 'email', description: 'email address', maxWidth: 28, value: (r) => r.patient.email },
    { key: 'active', kind: 'bool', description: 'active patient', value: (r) => r.patient.active },
    {
      key: 'card',
      description: 'card on file: brand, last four, MM/YY (or none)',
      value: (r) => cardLabel(r.view.card),
    },
    {
      key: 'card_status',
      header: 'card status',
      description: 'none, expired, expiring or ok',
      value: (r) => r.view.cardStatus,
      tone: (r) => cardTone(r.view.cardStatus),
    },
    {
      key: 'plan',
      description: 'the recurring plan that speaks for the patient (the worst-off one)',
      maxWidth: 28,
      value: (r) => (r.view.plans.plan ? planName(r.view.plans.plan) : null),
    },
    {
      key: 'plan_status',
      header: 'plan status',
      description: 'behind, current, on_hold, not_started, ended or completed',
      value: (r) => r.view.plans.payment?.status,
      tone: (r) => planTone(r.view.plans.payment?.status),
    },
    {
      key: 'amount_behind',
      header: 'behind',
      kind: 'money',
      description: 'sum behind over every plan',
      value: (r) => r.view.plans.amountBehindCents,
      tone: (r) => (r.view.plans.amountBehindCents > 0 ? 'red' : undefined),
    },
    {
      key: 'membership',
      description: 'current membership',
      maxWidth: 24,
      value: (r) => r.view.membership?.plan.name,
    },
    {
      key: 'used_allowed',
      header: 'used/allowed',
      description: 'membership visits used of allowed this period, e.g. 1 of 4',
      // "1 of 4", not "1/4": a spreadsheet opening the CSV reads 1/4 as the 4th of January.
      value: (r) =>
        r.view.membership
          ? `${r.view.membership.use.used} of ${r.view.membership.use.allowed ?? '?'}`
          : null,
      tone: (r) => ((r.view.membership?.use.overBy ?? 0) > 0 ? 'yellow' : undefined),
    },
    {
      key: 'last_visit',
      header: 'last visit',
      kind: 'date',
      description: 'last completed or checked-in visit',
      value: (r) => r.view.lastVisit,
    },
    {
      key: 'next_visit',
      header: 'next visit',
      kind: 'date',
      description: 'next future appointment (today included)',
      value: (r) => r.view.nextVisit,
      tone: (r) => (r.view.nextVisit === undefined && r.patient.active ? 'yellow' : undefined),
    },
    ...balanceColumns(threshold),
    {
      key: 'insurance',
      description: 'primary insurance carrier and copay',
      maxWidth: 24,
      value: (r) => insuranceLabel(r.facts.insurance) || null,
    },
    {
      key: 'tags',
      kind: 'list',
      description: 'patient tags',
      value: (r) => r.patient.tags,
      // As the patients import writes them: "Personal Injury" stays one tag in a spreadsheet.
      listSeparator: ';',
    },
    { key: 'location', description: 'location', value: (r) => r.patient.location },
    { key: 'case_type', description: 'case type', value: (r) => r.patient.caseType },
  ];
}

const defaultKeys = [
  'patient',
  'account',
  'mobile',
  'email',
  'active',
  'card',
  'card_status',
  'plan',
  'plan_status',
  'amount_behind',
  'membership',
  'used_allowed',
  'last_visit',
  'next_visit',
  'patient_balance',
  'insurance_balance',
  'insurance',
  'tags',
];

export const report: ReportDefinition<PatientRow> = {
  columns,
  defaultColumns: () => defaultKeys,
  dropOrder: [
    'insurance_balance',
    'insurance',
    'tags',
    'email',
    'mobile',
    'account',
    'active',
    'membership',
    'last_visit',
    'used_allowed',
    'plan',
  ],
  rows,
  summary: () => {
    let count = 0;
    let behind = 0;
    let noCard = 0;
    return {
      add(row) {
        count++;
        behind += row.view.plans.amountBehindCents;
        if (row.view.cardStatus !== 'ok') noCard++;
      },
      text: () =>
        `${count} patient${count === 1 ? '' : 's'} · ${noCard} without a good card · behind ${formatCents(behind)}`,
    };
  },
};
