import { addMonths, dayString } from './days.js';
import type { GenContext, PatientProfile } from './generate-context.js';
import type { CashPracticeData, WireRecord } from './types.js';

/** ISO-8601 UTC without milliseconds, as the provisional contract shows instants. */
export function isoInstant(unix: number): string {
  return new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
}

function lastTxnTs(out: CashPracticeData): number {
  const last = out.transactions[out.transactions.length - 1];
  return last ? Date.parse(String(last.updated_at)) / 1000 : 0;
}

const BRAND_NAMES: Record<string, string> = {
  visa: 'Visa',
  mc: 'Mastercard',
  disc: 'Discover',
  amex: 'American Express',
};

const DECLINE_CODES = [
  ['05', 'Do not honor'],
  ['51', 'Insufficient funds'],
] as const;

/** Builds one patient's Cash Practice patient, billing methods, care plan, auto-debit and payments. */
export function generateCashPracticePatient(
  ctx: GenContext,
  profile: PatientProfile,
  out: CashPracticeData,
): void {
  const { rng, ids, clock, today } = ctx;
  const p = profile.patient;
  const joinTs = clock.toUnix(Math.min(profile.joinDay, today - 1), 9 * 60 + rng.int(0, 480));
  const patientId = ids.cashPractice('pat');
  const digits = p.mobile.replace(/\D/g, '');
  out.patients.push({
    id: patientId,
    tps_id: profile.hideAccountAtProcessor ? null : p.account,
    first_name: p.firstName,
    last_name: p.lastName,
    email: p.email || null,
    mobile: digits ? `+1${digits}` : null,
    status: p.active ? 'active' : 'inactive',
    updated_at: isoInstant(joinTs),
  });

  const card = profile.card;
  let methodId: string | null = null;
  if (card) {
    if (card.previous) {
      const ts = clock.toUnix(Math.min(card.previous.createdDay, today - 1), 9 * 60);
      out.billingMethods.push({
        id: ids.cashPractice('bm'),
        patient_id: patientId,
        type: 'card',
        brand: BRAND_NAMES[card.brand] ?? 'Visa',
        last_four: card.previous.lastFour,
        exp_month: card.previous.expMonth,
        exp_year: card.previous.expYear,
        is_default: false,
        archived: true,
        updated_by_card_updater_at: null,
        updated_at: isoInstant(ts),
      });
    }
    const ts = clock.toUnix(card.createdDay, 9 * 60 + 30);
    const updater = rng.chance(0.04);
    methodId = ids.cashPractice('bm');
    out.billingMethods.push({
      id: methodId,
      patient_id: patientId,
      type: 'card',
      brand: BRAND_NAMES[card.brand] ?? 'Visa',
      last_four: card.lastFour,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      is_default: true,
      archived: false,
      updated_by_card_updater_at: updater ? isoInstant(ts) : null,
      updated_at: isoInstant(ts),
    });
  }

  const plan = profile.plan;
  const pushTxn = (
    day: number,
    t: Omit<WireRecord, 'id' | 'processed_at' | 'updated_at'>,
  ): void => {
    const ts = clock.toUnix(day, 6 * 60 + rng.int(0, 600));
    out.transactions.push({
      id: ids.cashPractice('ord'),
      patient_id: patientId,
      processed_at: isoInstant(ts),
      updated_at: isoInstant(ts),
      ...t,
    });
  };
  if (plan) {
    const carePlanId = ids.cashPractice('cpl');
    const startTs = clock.toUnix(Math.min(plan.startDay, today - 1), 9 * 60);
    const kind =
      plan.plan.kind === 'membership' ? 'wellness' : rng.chance(0.1) ? 'block' : 'corrective';
    out.carePlans.push({
      id: carePlanId,
      patient_ids: [patientId],
      name: plan.plan.name,
      type: kind,
      total_visits: plan.plan.totalVisits,
      plan_months: plan.installments,
      start_date: plan.plan.startDate,
      status: plan.endDay !== null && plan.endDay < today ? 'completed' : 'active',
      updated_at: isoInstant(startTs),
    });
    if (plan.recurring && card && methodId) {
      const autoDebitId = ids.cashPractice('sch');
      plan.plan.processorPlanId = autoDebitId;
      let made = 0;
      let short = 0;
      let runIndex = 0;
      let run = plan.startDay;
      let lastTs = startTs;
      while (run < today && (plan.installments === null || runIndex < plan.installments)) {
        if (plan.onHoldFrom !== null && run >= plan.onHoldFrom) break;
        const expired = run > card.validThrough;
        const isLast =
          addMonths(plan.startDay, runIndex + 1) >= today ||
          (plan.installments !== null && runIndex + 1 >= plan.installments);
        const forced = plan.forceLastDecline && isLast;
        const declined = expired || forced || rng.chance(0.07);
        const [code, text] = expired
          ? (['54', 'Expired card'] as const)
          : forced
            ? (['51', 'Insufficient funds'] as const)
            : rng.pick(DECLINE_CODES);
        pushTxn(run, {
          auto_debit_id: autoDebitId,
          amount_cents: plan.amountCents,
          status: declined ? 'declined' : 'accepted',
          decline_code: declined ? code : null,
          description: declined ? text : plan.plan.name,
        });
        lastTs = lastTxnTs(out);
        if (declined) {
          // Declines are not retried automatically; staff collect some of them by hand later.
          if (!expired && !forced && run + 5 < today - 30 && rng.chance(0.6)) {
            pushTxn(run + 5, {
              auto_debit_id: autoDebitId,
              amount_cents: plan.amountCents,
              status: 'accepted',
              decline_code: null,
              description: `${plan.plan.name} (manual payment)`,
            });
            lastTs = lastTxnTs(out);
            made += 1;
          } else short += 1;
        } else made += 1;
        runIndex += 1;
        run = addMonths(plan.startDay, runIndex);
      }
      const completed = plan.installments !== null && runIndex >= plan.installments;
      const status = completed
        ? 'completed'
        : plan.onHoldFrom !== null
          ? 'paused'
          : plan.startDay >= today
            ? 'not_started'
            : 'active';
      out.autoDebits.push({
        id: autoDebitId,
        patient_id: patientId,
        billing_method_id: methodId,
        amount_cents: plan.amountCents,
        frequency: 'monthly',
        payments_total: plan.installments,
        payments_made: made,
        start_date: plan.plan.startDate,
        next_payment_date: completed ? null : dayString(run),
        status,
        paid_up: short === 0,
        payments_short: short,
        care_plan_id: carePlanId,
        group: plan.plan.kind === 'membership' ? 'Memberships' : 'Care Plans',
        updated_at: isoInstant(lastTs),
      });
    }
  }
  if (!plan || !plan.recurring) {
    for (const visit of profile.completedVisits) {
      if (!rng.chance(0.9)) continue;
      const declined = rng.chance(0.03);
      pushTxn(visit.day, {
        auto_debit_id: null,
        amount_cents: profile.copayCents ?? (visit.type === 'New Patient' ? 15000 : 6500),
        status: declined ? 'declined' : 'accepted',
        decline_code: declined ? '05' : null,
        description: `${visit.type} visit`,
      });
    }
  }
}
