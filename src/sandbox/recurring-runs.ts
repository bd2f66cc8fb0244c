import { addMonths, dayNumber, dayString, lastDayOfMonth } from './days.js';
import { declinedRecord } from './fortis-records.js';
import { isoInstant } from './generate-cashpractice.js';
import { DECLINES } from './names.js';
import { n, s, tokenValidThrough, type FortisWriter } from './action-support.js';
import type { SandboxState } from './state.js';

/** What a clock advance did. */
export interface AdvanceResult {
  today: string;
  transactions: number;
  declined: number;
}

/**
 * Runs every active Fortis recurring plan due on or before `today`: one transaction per run (about
 * 8% decline; an expired card always declines 1622), a declined-recurring record for each decline,
 * the next run date moved on, installment plans ended after their last approved run.
 */
export function runFortisRecurrings(
  state: SandboxState,
  w: FortisWriter,
  today: number,
  result: AdvanceResult,
): void {
  const f = state.fortis;
  const { newTransaction } = w;
  const base = w.newBase;
  // Approved runs per plan, counted once per advance (installment plans end after the last one).
  let approved: Map<string, number> | undefined;
  const approvedRuns = (): Map<string, number> => {
    if (!approved) {
      approved = new Map();
      for (const t of f.lists.transactions.records()) {
        if (typeof t.recurring_id === 'string' && t.status_code === 101) {
          approved.set(t.recurring_id, (approved.get(t.recurring_id) ?? 0) + 1);
        }
      }
    }
    return approved;
  };
  for (const rec of f.lists.recurrings.records()) {
    if (rec.status !== 'active') continue;
    let next = s(rec.next_run_date);
    const start = s(rec.start_date);
    if (!next || !start) continue;
    const token = s(rec.token_id) ? f.lists.tokens.get(String(rec.token_id)) : undefined;
    let ended = false;
    const total = rec.installment_total_count;
    const runs = typeof total === 'number' && dayNumber(next) <= today ? approvedRuns() : undefined;
    while (!ended && dayNumber(next) <= today) {
      const runDay = dayNumber(next);
      const expired = runDay > tokenValidThrough(token);
      const declined = expired || state.rng.chance(0.08);
      const reason = expired
        ? 1622
        : declined
          ? state.rng.weighted(DECLINES.map((d) => [d[0], d[2]] as const))
          : 1000;
      const txn = newTransaction({
        contactId: s(rec.contact_id),
        tokenId: s(rec.token_id),
        amount: n(rec.transaction_amount),
        statusCode: declined ? 301 : 101,
        reasonCodeId: reason,
        brand: s(token?.account_type) ?? 'visa',
        firstSix: s(token?.first_six) ?? '424242',
        lastFour: s(token?.last_four) ?? '0000',
        description: s(rec.description) ?? 'Recurring payment',
        trxSourceId: 13,
        recurringId: rec.id,
      });
      result.transactions += 1;
      if (declined) {
        const b = base('declined');
        f.lists['declined-recurring-transactions'].insert(
          declinedRecord(b, {
            recurringId: rec.id,
            declinedTransactionId: txn.id,
            paymentTransactionId: null,
          }),
          b.ts,
        );
        result.declined += 1;
      }
      // Which run this was, counted from the start date, decides the next date and the end.
      const interval = Math.max(1, n(rec.interval));
      const type = s(rec.interval_type) ?? 'm';
      let nextDay: number;
      if (type === 'd') nextDay = runDay + interval;
      else if (type === 'w') nextDay = runDay + 7 * interval;
      else {
        let k = 0;
        const startDay = dayNumber(start);
        while (addMonths(startDay, k) <= runDay) k += interval;
        nextDay = addMonths(startDay, k);
      }
      if (runs && typeof total === 'number') {
        if (!declined) runs.set(rec.id, (runs.get(rec.id) ?? 0) + 1);
        if ((runs.get(rec.id) ?? 0) >= total) ended = true;
      }
      next = dayString(nextDay);
    }
    const nextRun = next;
    f.lists.recurrings.update(rec.id, state.now(), (r) => {
      r.next_run_date = nextRun;
      if (ended) {
        r.status = 'ended';
        r.active = false;
      }
    });
  }
}

/** Runs every active Cash Practice auto-debit due on or before `today` (declines are not retried). */
export function runAutoDebits(state: SandboxState, today: number, result: AdvanceResult): void {
  const cp = state.cashpractice;
  for (const ad of cp.lists['auto-debits'].records()) {
    if (ad.status !== 'active') continue;
    let next = s(ad.next_payment_date);
    if (!next) continue;
    const method = s(ad.billing_method_id)
      ? cp.lists['billing-methods'].get(String(ad.billing_method_id))
      : undefined;
    const validThrough = method
      ? lastDayOfMonth(n(method.exp_year), n(method.exp_month))
      : -Infinity;
    let made = n(ad.payments_made);
    let short = n(ad.payments_short);
    const total = typeof ad.payments_total === 'number' ? ad.payments_total : null;
    let completed = false;
    while (!completed && dayNumber(next) <= today) {
      const runDay = dayNumber(next);
      const expired = runDay > validThrough;
      const declined = expired || state.rng.chance(0.08);
      const code = expired ? '54' : state.rng.pick(['05', '51'] as const);
      const ts = state.now();
      const id = state.ids.cashPractice('ord');
      cp.lists.transactions.insert(
        {
          id,
          patient_id: ad.patient_id,
          processed_at: isoInstant(ts),
          updated_at: '',
          auto_debit_id: ad.id,
          amount_cents: ad.amount_cents,
          status: declined ? 'declined' : 'accepted',
          decline_code: declined ? code : null,
          description: declined
            ? code === '54'
              ? 'Expired card'
              : code === '51'
                ? 'Insufficient funds'
                : 'Do not honor'
            : 'Auto-debit',
        },
        ts,
      );
      result.transactions += 1;
      if (declined) {
        short += 1;
        result.declined += 1;
      } else made += 1;
      if (total !== null && made + short >= total) completed = true;
      next = dayString(addMonths(runDay, 1));
    }
    const nextDate = next;
    cp.lists['auto-debits'].update(ad.id, state.now(), (r) => {
      r.payments_made = made;
      r.payments_short = short;
      r.paid_up = short === 0;
      r.next_payment_date = completed ? null : nextDate;
      if (completed) r.status = 'completed';
    });
  }
}
