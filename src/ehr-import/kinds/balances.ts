import { buildUpsert, type UpsertColumn } from '../upsert.js';
import { resolvePatient, type KindHandler } from './handler.js';

/** Balances, one row per patient; negative amounts (credits) are allowed here only. */
export const balancesHandler: KindHandler = {
  kind: 'balances',
  keyColumn: 'account',
  key: (row) => row.raw('account'),
  validate(row, run) {
    const account = row.text('account', true);
    const patientBalance = row.money('patient_balance', true, true);
    const insuranceBalance = row.money('insurance_balance', false, true);
    const asOf = row.date('as_of');
    const patientId = resolvePatient(row, account, run);
    if (row.errors.length > 0 || patientBalance == null || patientId === undefined)
      return undefined;
    return {
      patient_id: patientId,
      patient_balance_cents: patientBalance,
      insurance_balance_cents: insuranceBalance ?? null,
      as_of: asOf ?? null,
      now: run.nowIso,
    };
  },
  writer(run, present) {
    const columns: UpsertColumn[] = [
      { name: 'patient_balance_cents' },
      ...(present.has('insurance_balance') ? [{ name: 'insurance_balance_cents' }] : []),
      ...(present.has('as_of') ? [{ name: 'as_of' }] : []),
    ];
    const stmt = buildUpsert(run.db, {
      table: 'balances',
      key: ['patient_id'],
      columns,
      touch: [{ name: 'imported_at', insert: '@now', update: '@now' }],
      insertOnly: [],
    });
    return { table: 'balances', write: (row) => stmt.run(row).changes > 0, finish: () => 0 };
  },
};
