import { synonymTable } from '../values.js';
import { buildUpsert, type UpsertColumn } from '../upsert.js';
import { resolvePatient, type KindHandler } from './handler.js';

const planKinds = ['treatment', 'membership'] as const;
const planKindWords = synonymTable({
  treatment: ['treatment plan', 'care plan'],
  membership: ['member'],
});
const periods = ['week', 'month'] as const;
const periodWords = synonymTable({ week: ['weekly', 'wk', 'w'], month: ['monthly', 'mo', 'm'] });
const careStatuses = ['acute', 'corrective', 'maintenance'] as const;
const careStatusWords = synonymTable({ acute: [], corrective: [], maintenance: ['wellness'] });

/** Care plans and memberships from the EHR (care_plans with source 'ehr'), keyed by plan_id. */
export const plansHandler: KindHandler = {
  kind: 'plans',
  keyColumn: 'plan_id',
  key: (row) => row.raw('plan_id'),
  validate(row, run) {
    const id = row.text('plan_id', true);
    const account = row.text('account', true);
    const kind = row.oneOf('kind', true, planKindWords, planKinds);
    const name = row.text('name', true);
    const totalVisits = row.whole('total_visits', 1, 1000);
    const visitsAllowed = row.whole('visits_allowed', 1, 100);
    const period = row.oneOf('period', false, periodWords, periods);
    const target = row.whole('target_per_week', 0, 14);
    const start = row.date('start_date', true);
    const end = row.date('end_date');
    const careStatus = row.oneOf('care_status', false, careStatusWords, careStatuses);
    const processorPlan = row.text('processor_plan_id');
    if (kind === 'treatment' && totalVisits === null) {
      row.fail('total_visits', '', 'is required for a treatment plan');
    }
    if (kind === 'membership' && (visitsAllowed === null || period === null)) {
      row.fail(
        visitsAllowed === null ? 'visits_allowed' : 'period',
        '',
        'is required for a membership (visits_allowed per period week/month)',
      );
    }
    if (start && end && end < start)
      row.fail('end_date', row.raw('end_date'), `is before start_date ${start}`);
    const patientId = resolvePatient(row, account, run);
    if (row.errors.length > 0 || !id || !kind || !name || !start || patientId === undefined)
      return undefined;
    return {
      id,
      patient_id: patientId,
      kind,
      name,
      total_visits: totalVisits ?? null,
      visits_allowed: visitsAllowed ?? null,
      period: period ?? null,
      target_per_week: target ?? null,
      start_date: start,
      end_date: end ?? null,
      care_status: careStatus ?? null,
      processor_plan_id: processorPlan ?? null,
      now: run.nowIso,
    };
  },
  writer(run, present) {
    const optional = [
      'total_visits',
      'visits_allowed',
      'period',
      'target_per_week',
      'end_date',
      'care_status',
      'processor_plan_id',
    ].filter((c) => present.has(c));
    const columns: UpsertColumn[] = [
      { name: 'patient_id' },
      { name: 'kind' },
      { name: 'name' },
      { name: 'start_date' },
      ...optional.map((name) => ({ name })),
      { name: 'removed', insert: '0', update: '0' },
    ];
    const stmt = buildUpsert(run.db, {
      table: 'care_plans',
      key: ['source', 'upstream_id'],
      columns,
      touch: [{ name: 'seen_at', insert: '@now', update: '@now' }],
      insertOnly: [],
    });
    // The key columns are bound from the row: source is always 'ehr' for imported plans.
    return {
      table: 'care_plans',
      where: "source = 'ehr'",
      write: (row) => stmt.run({ ...row, source: 'ehr', upstream_id: row.id ?? null }).changes > 0,
      finish: () => 0,
    };
  },
};
