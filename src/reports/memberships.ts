// `report memberships` (DOMAIN §3.5): use of each current membership in its period, with flags.
import { membershipFlags, type MembershipUse } from '../domain/memberships.js';
import { planPayment, type PlanPayment } from '../domain/plans.js';
import { nextVisit } from '../domain/visits.js';
import { addDays } from '../domain/dates.js';
import type { Db } from '../store/db.js';
import type { Column } from '../terminal/render.js';
import { planTone } from './cells.js';
import { isCurrent, useOfMembership } from './derive.js';
import { linkedPlan, patientName, type CarePlanFact, type PatientInfo } from './facts.js';
import { eachPatient } from './patient-stream.js';
import type { ReportDefinition, ReportRequest } from './report.js';

export interface MembershipRow {
  patient: PatientInfo;
  membership: CarePlanFact;
  use: MembershipUse;
  nextVisit: string | undefined;
  payment: PlanPayment | undefined;
}

function* rows(db: Db, request: ReportRequest): Generator<MembershipRow> {
  const { asOf, filters } = request;
  for (const { patient, facts } of eachPatient(db, {
    search: filters.search,
    having: 'membership',
    window: { visitsFrom: addDays(asOf, -62) },
  })) {
    for (const membership of facts.carePlans) {
      if (membership.kind !== 'membership' || !isCurrent(membership, asOf)) continue;
      const use = useOfMembership(membership, facts, asOf, request.rules.periodAnchor);
      if (filters.overLimit && !use.flags.includes('over_limit')) continue;
      if (filters.notScheduled && !use.flags.includes('not_scheduled')) continue;
      if (filters.underUsed && !use.flags.includes('under_used')) continue;
      const billing = linkedPlan(membership, facts.plans);
      yield {
        patient,
        membership,
        use,
        nextVisit: nextVisit(facts.visits, asOf),
        payment: billing ? planPayment(billing, facts.declines) : undefined,
      };
    }
  }
}

function columns(): Array<Column<MembershipRow> & { description: string }> {
  return [
    {
      key: 'patient',
      description: 'patient name',
      maxWidth: 24,
      value: (r) => patientName(r.patient),
    },
    { key: 'account', description: 'EHR account number', value: (r) => r.patient.account },
    {
      key: 'membership',
      description: 'membership name',
      maxWidth: 24,
      value: (r) => r.membership.name,
    },
    { key: 'period', description: 'week or month', value: (r) => r.membership.period ?? 'month' },
    {
      key: 'allowed',
      kind: 'int',
      description: 'visits allowed per period',
      value: (r) => r.use.allowed,
    },
    { key: 'used', kind: 'int', description: 'visits used this period', value: (r) => r.use.used },
    {
      key: 'scheduled',
      header: 'booked',
      kind: 'int',
      description: 'visits booked for the rest of the period',
      value: (r) => r.use.scheduled,
    },
    {
      key: 'over_by',
      header: 'over',
      kind: 'int',
      description: 'used + scheduled beyond the allowance',
      value: (r) => r.use.overBy,
      tone: (r) => (r.use.overBy > 0 ? 'yellow' : undefined),
    },
    {
      key: 'flags',
      kind: 'list',
      description: membershipFlags.join(', '),
      value: (r) => r.use.flags,
      tone: (r) => (r.use.flags.length > 0 ? 'yellow' : undefined),
    },
    {
      key: 'next_visit',
      header: 'next visit',
      kind: 'date',
      description: 'next future appointment',
      value: (r) => r.nextVisit,
    },
    {
      key: 'plan_status',
      header: 'plan status',
      description: 'payment status of the recurring plan billing the membership',
      value: (r) => r.payment?.status,
      tone: (r) => planTone(r.payment?.status),
    },
    {
      key: 'period_start',
      kind: 'date',
      description: 'first day of the period',
      value: (r) => r.use.period.start,
    },
    {
      key: 'period_end',
      kind: 'date',
      description: 'last day of the period',
      value: (r) => r.use.period.end,
    },
  ];
}

const defaultKeys = [
  'patient',
  'membership',
  'allowed',
  'used',
  'scheduled',
  'over_by',
  'flags',
  'next_visit',
  'plan_status',
];

export const report: ReportDefinition<MembershipRow> = {
  columns,
  defaultColumns: () => defaultKeys,
  dropOrder: ['plan_status', 'next_visit', 'over_by'],
  rows,
  summary: () => {
    let count = 0;
    const perFlag = new Map<string, number>();
    return {
      add(row) {
        count++;
        for (const f of row.use.flags) perFlag.set(f, (perFlag.get(f) ?? 0) + 1);
      },
      text: () =>
        [
          `${count} membership${count === 1 ? '' : 's'}`,
          ...membershipFlags.map((f) => `${f} ${perFlag.get(f) ?? 0}`),
        ].join(' · '),
    };
  },
};
