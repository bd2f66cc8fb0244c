import { SandboxActionError, type CardDetails, type FortisWriter } from './action-support.js';
import { isoInstant } from './generate-cashpractice.js';
import type { SandboxState } from './state.js';
import type { WireRecord } from './types.js';

function openPayNowLink(state: SandboxState, id: string, purpose: string): WireRecord {
  const cp = state.cashpractice;
  const link = cp.payNowLinks.get(id);
  if (!link) throw new SandboxActionError(`no pay-now link ${id}`, 404);
  if (link.purpose !== purpose)
    throw new SandboxActionError(`pay-now link ${id} is for ${String(link.purpose)}`, 400);
  if (link.status !== 'open') throw new SandboxActionError(`pay-now link ${id} was already used`);
  return link;
}

/** The patient stores a card through a "store billing" link: new default card, auto-debits move to it, $1 verification. */
export function useStoreBillingLink(
  state: SandboxState,
  w: FortisWriter,
  linkId: string,
  card?: CardDetails,
): { billingMethod: WireRecord; transaction: WireRecord } {
  const cp = state.cashpractice;
  const { defaultExpiry, lastFour } = w;
  const link = openPayNowLink(state, linkId, 'store_billing');
  const patientId = String(link.patient_id);
  const now = state.now();
  const methods = cp.lists['billing-methods'];
  for (const m of methods.records()) {
    if (m.patient_id === patientId && m.is_default === true) {
      methods.update(m.id, now, (r) => {
        r.is_default = false;
      });
    }
  }
  const exp = defaultExpiry(card);
  const billingMethod = methods.insert(
    {
      id: state.ids.cashPractice('bm'),
      patient_id: patientId,
      type: 'card',
      brand: 'Visa',
      last_four: lastFour(card),
      exp_month: exp.month,
      exp_year: exp.year,
      is_default: true,
      archived: false,
      updated_by_card_updater_at: null,
      updated_at: '',
    },
    now,
  );
  for (const ad of cp.lists['auto-debits'].records()) {
    if (ad.patient_id === patientId && ad.status !== 'completed' && ad.status !== 'stopped') {
      cp.lists['auto-debits'].update(ad.id, now, (r) => {
        r.billing_method_id = billingMethod.id;
      });
    }
  }
  const transaction = cp.lists.transactions.insert(
    {
      id: state.ids.cashPractice('ord'),
      patient_id: patientId,
      processed_at: isoInstant(now),
      updated_at: '',
      auto_debit_id: null,
      amount_cents: 100,
      status: 'void',
      decline_code: null,
      description: 'Card verification (temporary $1.00 authorisation)',
      pay_now_link_id: linkId,
    },
    now,
  );
  cp.payNowLinks.update(linkId, now, (r) => {
    r.status = 'used';
    r.used_at = isoInstant(now);
  });
  return { billingMethod, transaction };
}

/** The patient pays a pay-now link: an accepted transaction; the link is paid. */
export function payPayNowLink(
  state: SandboxState,
  linkId: string,
  amountCents?: number,
): { transaction: WireRecord } {
  const cp = state.cashpractice;
  const link = openPayNowLink(state, linkId, 'payment');
  const amount = typeof link.amount_cents === 'number' ? link.amount_cents : (amountCents ?? 5000);
  const now = state.now();
  const transaction = cp.lists.transactions.insert(
    {
      id: state.ids.cashPractice('ord'),
      patient_id: link.patient_id,
      processed_at: isoInstant(now),
      updated_at: '',
      auto_debit_id: null,
      amount_cents: amount,
      status: 'accepted',
      decline_code: null,
      description: `Pay Now link ${String(link.reference)}`,
      pay_now_link_id: linkId,
    },
    now,
  );
  cp.payNowLinks.update(linkId, now, (r) => {
    r.status = 'paid';
    r.used_at = isoInstant(now);
  });
  return { transaction };
}
