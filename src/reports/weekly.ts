// `report weekly` (DOMAIN §3.5): patients on treatment plans with their visit counts and five weekly
// pacing cells (the current week and the four before it).
import { weeklyPacing, type PaceWeek } from '../domain/pacing.js';
import { treatmentProgress, type TreatmentProgress } from '../domain/visits.js';
import type { Db } from '../store/db.js';
import type { Column } from '../terminal/render.js';
import { matchesAny, type ReportDefinition, type ReportRequest } from './report.js';
import { patientName, type CarePlanFact, type PatientInfo } from './facts.js';
import { eachPatient } from './patient-stream.js';
import { addDays, startOfWeek } from '../domain/dates.js';

export interface WeeklyRow {
  patient: PatientInfo;
  plan: CarePlanFact;
  progress: TreatmentProgress;
  weeks: PaceWeek[];
}

/** A plan is completed when every visit is used, or its end date has passed. */
function isCompleted(plan: CarePlanFact, progress: TreatmentProgress, asOf: string): boolean {
  return (
    (progress.total > 0 && progress.remaining === 0) ||
    (plan.endDate !== null && plan.endDate < asOf)
  );
}

function* rows(db: Db, request: ReportRequest): Generator<WeeklyRow> {
  const { asOf, filters } = request;
  for (const { patient, facts } of eachPatient(db, {
    search: filters.search,
    tags: filters.tag,
    having: 'treatment',
  })) {
    if (!matchesAny(patient.caseType, filters.type)) continue;
    for (const plan of facts.carePlans) {
      if (plan.kind !== 'treatment') continue;
      if ((plan.startDate ?? '0000-01-01') > asOf) continue;
      if (!matchesAny(plan.careStatus, filters.careStatus)) continue;
      const progress = treatmentProgress(plan, facts.visits, asOf);
      if (!filters.includeCompleted && isCompleted(plan, progress, asOf)) continue;
      const visits = facts.visits.filter((v) => v.date >= (plan.startDate ?? '0000-01-01'));
      yield { patient, plan, progress, weeks: weeklyPacing(visits, asOf, plan.targetPerWeek) };
    }
  }
}

const weekKeys = ['week_minus_4', 'week_minus_3', 'week_minus_2', 'week_minus_1', 'this_week'];

function columns(request: ReportRequest): Array<Column<WeeklyRow> & { description: string }> {
  const thisWeek = startOfWeek(request.asOf);
  const table = request.format === 'table';
  const cells = weekKeys.map((key, i): Column<WeeklyRow> & { description: string } => {
    const monday = addDays(thisWeek, (i - 4) * 7);
    return {
      key,
      // Headers name the week's Monday so the table reads like a calendar; keys stay stable.
      header: i === 4 ? 'this' : monday.slice(5).replace('-', '/'),
      description: `pacing for the week of ${monday}: visits in a table, green/yellow/red elsewhere`,
      kind: table ? 'int' : 'text',
      value: (r) => (table ? (r.weeks[i]?.visits ?? 0) : r.weeks[i]?.colour),
      tone: (r) => r.weeks[i]?.colour,
    };
  });
  const counts = weekKeys.map((key, i): Column<WeeklyRow> & { description: string } => ({
    key: `${key}_visits`,
    kind: 'int',
    description: `visits in the week of ${addDays(thisWeek, (i - 4) * 7)}`,
    value: (r) => r.weeks[i]?.visits ?? 0,
  }));
  return [
    {
      key: 'patient',
      description: 'patient name',
      maxWidth: 24,
      value: (r) => patientName(r.patient),
    },
    { key: 'account', description: 'EHR account number', value: (r) => r.patient.account },
    { key: 'plan', description: 'treatment plan', maxWidth: 24, value: (r) => r.plan.name },
    {
      key: 'care_status',
      header: 'care',
      description: 'acute, corrective or maintenance',
      value: (r) => r.plan.careStatus,
    },
    {
      key: 'target',
      kind: 'int',
      description: 'target visits per week',
      value: (r) => r.plan.targetPerWeek,
    },
    {
      key: 'first_visit',
      header: 'first visit',
      kind: 'date',
      description: 'first visit on the plan',
      value: (r) => r.progress.firstVisit,
    },
    {
      key: 'total',
      kind: 'int',
      description: 'visits in the plan',
      value: (r) => r.progress.total,
    },
    {
      key: 'remaining',
      header: 'left',
      kind: 'int',
      description: 'visits remaining',
      value: (r) => r.progress.remaining,
    },
    {
      key: 'scheduled',
      header: 'booked',
      kind: 'int',
      description: 'remaining visits already booked',
      value: (r) => r.progress.scheduled,
    },
    {
      key: 'unscheduled',
      header: 'unbooked',
      kind: 'int',
      description: 'remaining visits not booked yet',
      value: (r) => r.progress.unscheduled,
      tone: (r) => (r.progress.unscheduled > 0 ? 'yellow' : undefined),
    },
    ...cells,
    {
      key: 'completed',
      kind: 'int',
      description: 'visits used',
      value: (r) => r.progress.completed,
    },
    {
      key: 'next_visit',
      kind: 'date',
      description: 'next future appointment',
      value: (r) => r.progress.nextVisit,
    },
    { key: 'case_type', description: 'case type', value: (r) => r.patient.caseType },
    ...counts,
  ];
}

const defaultKeys = [
  'patient',
  'plan',
  'care_status',
  'first_visit',
  'total',
  'remaining',
  'scheduled',
  'unscheduled',
  ...weekKeys,
];

export const report: ReportDefinition<WeeklyRow> = {
  columns,
  defaultColumns: () => defaultKeys,
  dropOrder: ['care_status', 'first_visit', 'total', 'plan'],
  rows,
  summary: () => {
    let count = 0;
    let red = 0;
    return {
      add(row) {
        count++;
        if (row.weeks[4]?.colour === 'red') red++;
      },
      text: () =>
        `${count} treatment plan${count === 1 ? '' : 's'} · ${red} with no visit this week`,
    };
  },
};
