import { enumWord, synonymTable } from '../values.js';
import { buildUpsert, type UpsertColumn } from '../upsert.js';
import { resolvePatient, type KindHandler } from './handler.js';

const priorities = ['primary', 'secondary'] as const;
const priorityWords = synonymTable({
  primary: ['1', 'p', 'prim', '1st'],
  secondary: ['2', 's', 'sec', '2nd'],
});

/** Insurance, one row per patient and priority (primary when the column is empty). */
export const insuranceHandler: KindHandler = {
  kind: 'insurance',
  keyColumn: 'account',
  key: (row) => {
    const account = row.raw('account');
    if (!account) return '';
    const p = priorityWords.get(enumWord(row.raw('priority')));
    return `${account} (${p ?? (row.raw('priority') || 'primary')})`;
  },
  validate(row, run) {
    const account = row.text('account', true);
    const carrier = row.text('carrier', true);
    const plan = row.text('plan');
    const memberId = row.text('member_id');
    const copay = row.money('copay', false);
    const coverageEnd = row.date('coverage_end');
    const priority = row.oneOf('priority', false, priorityWords, priorities);
    const patientId = resolvePatient(row, account, run);
    if (row.errors.length > 0 || !carrier || priority === undefined || patientId === undefined)
      return undefined;
    return {
      patient_id: patientId,
      priority: priority ?? 'primary',
      carrier,
      plan: plan ?? null,
      member_id: memberId ?? null,
      copay_cents: copay ?? null,
      coverage_end: coverageEnd ?? null,
      now: run.nowIso,
    };
  },
  writer(run, present) {
    const optional: Array<[string, string]> = [
      ['plan', 'plan'],
      ['member_id', 'member_id'],
      ['copay', 'copay_cents'],
      ['coverage_end', 'coverage_end'],
    ];
    const columns: UpsertColumn[] = [
      { name: 'carrier' },
      ...optional.filter(([c]) => present.has(c)).map(([, name]) => ({ name })),
    ];
    const stmt = buildUpsert(run.db, {
      table: 'insurance',
      key: ['patient_id', 'priority'],
      columns,
      touch: [{ name: 'imported_at', insert: '@now', update: '@now' }],
      insertOnly: [],
    });
    return { table: 'insurance', write: (row) => stmt.run(row).changes > 0, finish: () => 0 };
  },
};
