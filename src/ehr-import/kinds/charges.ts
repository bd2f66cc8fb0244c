import { buildUpsert, type UpsertColumn } from '../upsert.js';
import { resolvePatient, type KindHandler } from './handler.js';

/** Charges (services received), keyed by charge_id. The invoice a charge is on is never touched. */
export const chargesHandler: KindHandler = {
  kind: 'charges',
  keyColumn: 'charge_id',
  key: (row) => row.raw('charge_id'),
  validate(row, run) {
    const id = row.text('charge_id', true);
    const account = row.text('account', true);
    const date = row.date('date', true);
    const code = row.text('code');
    const description = row.text('description', true);
    const fee = row.money('fee', true);
    const paid = row.money('paid', false);
    const patientId = resolvePatient(row, account, run);
    if (
      row.errors.length > 0 ||
      !id ||
      !date ||
      !description ||
      fee == null ||
      patientId === undefined
    ) {
      return undefined;
    }
    return {
      id,
      patient_id: patientId,
      date,
      code: code ?? null,
      description,
      fee_cents: fee,
      paid_cents: paid ?? 0,
      now: run.nowIso,
    };
  },
  writer(run, present) {
    const columns: UpsertColumn[] = [
      { name: 'patient_id' },
      { name: 'date' },
      ...(present.has('code') ? [{ name: 'code' }] : []),
      { name: 'description' },
      { name: 'fee_cents' },
      ...(present.has('paid') ? [{ name: 'paid_cents' }] : []),
      { name: 'removed', insert: '0', update: '0' },
    ];
    const stmt = buildUpsert(run.db, {
      table: 'charges',
      key: ['id'],
      columns,
      touch: [{ name: 'imported_at', insert: '@now', update: '@now' }],
      insertOnly: [],
    });
    return { table: 'charges', write: (row) => stmt.run(row).changes > 0, finish: () => 0 };
  },
};
