import { addMonths, dayString } from './days.js';
import type { GenContext, PatientProfile } from './generate-context.js';
import {
  contactRecord,
  declinedRecord,
  recurringRecord,
  tokenRecord,
  transactionRecord,
  type Base,
  type TransactionInput,
} from './fortis-records.js';
import { quickInvoiceRecord, paylinkRecord } from './fortis-links.js';
import { DECLINES } from './names.js';
import type { FortisData, WireRecord } from './types.js';

const MORNING = 9 * 60;

function mmyy(month: number, year: number): string {
  return `${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}`;
}

function authCode(ctx: GenContext): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let s = '';
  for (let i = 0; i < 6; i++) s += letters[ctx.rng.int(0, letters.length - 1)];
  return s;
}

/** Builds one patient's Fortis contact, cards, plan, payments and declines into `out`. */
export function generateFortisPatient(
  ctx: GenContext,
  profile: PatientProfile,
  out: FortisData,
  productTransactionId: string,
): void {
  const { rng, ids, clock, today } = ctx;
  const p = profile.patient;
  const base = (id: string, ts: number): Base => ({
    id,
    locationId: out.locationId,
    userId: out.userId,
    ts,
  });
  const joinTs = clock.toUnix(Math.min(profile.joinDay, today - 1), MORNING + rng.int(0, 480));
  const contact = contactRecord(base(ids.fortis('contact'), joinTs), {
    accountNumber: profile.hideAccountAtProcessor ? null : p.account,
    firstName: p.firstName,
    lastName: p.lastName,
    email: p.email || null,
    cellPhone: p.mobile ? p.mobile.replace(/\D/g, '') : null,
    dateOfBirth: p.dateOfBirth,
    active: p.active,
  });
  if (rng.chance(0.2)) {
    const later = clock.toUnix(rng.int(Math.min(profile.joinDay, today - 1), today - 1), MORNING);
    contact.modified_ts = Math.max(joinTs, later);
  }
  out.contacts.push(contact);
  const holder = `${p.firstName} ${p.lastName}`;

  const card = profile.card;
  let tokenId: string | null = null;
  if (card) {
    if (card.previous) {
      const prev = tokenRecord(
        base(
          ids.fortis('token'),
          clock.toUnix(Math.min(card.previous.createdDay, today - 1), MORNING),
        ),
        {
          contactId: contact.id,
          holder,
          brand: card.brand,
          firstSix: card.firstSix,
          lastFour: card.previous.lastFour,
          expDate: mmyy(card.previous.expMonth, card.previous.expYear),
          title: null,
          hasRecurring: false,
        },
      );
      out.tokens.push(prev);
    }
    const token = tokenRecord(
      base(ids.fortis('token'), clock.toUnix(card.createdDay, MORNING + 30)),
      {
        contactId: contact.id,
        holder,
        brand: card.brand,
        firstSix: card.firstSix,
        lastFour: card.lastFour,
        expDate: mmyy(card.expMonth, card.expYear),
        title: null,
        hasRecurring: profile.plan?.recurring === true,
      },
    );
    out.tokens.push(token);
    tokenId = token.id;
  }

  const txn = (
    day: number,
    minutes: number,
    input: Omit<
      TransactionInput,
      | 'productTransactionId'
      | 'holder'
      | 'brand'
      | 'firstSix'
      | 'lastFour'
      | 'contactId'
      | 'tokenId'
      | 'settleDate'
      | 'authCode'
    > & { tokenId?: string | null },
  ): WireRecord => {
    const approved = input.statusCode !== 301;
    const record = transactionRecord(base(ids.fortis('transaction'), clock.toUnix(day, minutes)), {
      ...input,
      contactId: contact.id,
      tokenId: input.tokenId === undefined ? tokenId : input.tokenId,
      holder,
      brand: card?.brand ?? 'visa',
      firstSix: card?.firstSix ?? '424242',
      lastFour: card?.lastFour ?? rng.digits(4),
      settleDate: approved && day + 1 < today ? dayString(day + 1) : null,
      authCode: approved ? authCode(ctx) : null,
      productTransactionId,
    });
    out.transactions.push(record);
    return record;
  };

  const plan = profile.plan;
  if (plan && plan.recurring && card && tokenId) {
    const recurringId = ids.fortis('recurring');
    plan.plan.processorPlanId = recurringId;
    let runIndex = 0;
    let run = plan.startDay;
    let lastTs = clock.toUnix(Math.min(plan.startDay, today - 1), MORNING);
    const createdTs = lastTs;
    while (run < today && (plan.installments === null || runIndex < plan.installments)) {
      if (plan.onHoldFrom !== null && run >= plan.onHoldFrom) break;
      const expired = run > card.validThrough;
      const isLast =
        addMonths(plan.startDay, runIndex + 1) >= today ||
        (plan.installments !== null && runIndex + 1 >= plan.installments);
      const forced = plan.forceLastDecline && isLast;
      const declined = expired || forced || rng.chance(0.07);
      if (!declined) {
        lastTs = num(
          txn(run, 6 * 60, {
            amount: plan.amountCents,
            statusCode: 101,
            reasonCodeId: 1000,
            description: plan.plan.name.slice(0, 64),
            trxSourceId: 13,
            recurringId,
          }).modified_ts,
        );
      } else {
        const [reason] = expired
          ? ([1622, 'Card expired', 1] as const)
          : forced
            ? ([1616, 'NSF', 1] as const)
            : rng.weighted(DECLINES.slice(0, 2).map((d) => [d, d[2]] as const));
        const bad = txn(run, 6 * 60, {
          amount: plan.amountCents,
          statusCode: 301,
          reasonCodeId: reason,
          description: plan.plan.name.slice(0, 64),
          trxSourceId: 13,
          recurringId,
        });
        lastTs = num(bad.modified_ts);
        const recent = run >= today - 50;
        const cured = !expired && !forced && run + 3 < today && !(recent && rng.chance(0.75));
        let payment: WireRecord | null = null;
        if (cured) {
          payment = txn(run + 3, 10 * 60 + rng.int(0, 300), {
            amount: plan.amountCents,
            statusCode: 101,
            reasonCodeId: 1000,
            description: `${plan.plan.name} (retry)`.slice(0, 64),
            trxSourceId: 15,
            recurringId,
          });
        }
        out.declined.push(
          declinedRecord(base(ids.fortis('declined'), num((payment ?? bad).modified_ts)), {
            recurringId,
            declinedTransactionId: bad.id,
            paymentTransactionId: payment?.id ?? null,
          }),
        );
        if (payment) out.declined[out.declined.length - 1]!.created_ts = num(bad.created_ts);
      }
      runIndex += 1;
      run = addMonths(plan.startDay, runIndex);
    }
    const ended = plan.installments !== null && runIndex >= plan.installments;
    const status = ended ? 'ended' : plan.onHoldFrom !== null ? 'on hold' : 'active';
    const recurring = recurringRecord(base(recurringId, createdTs), {
      contactId: contact.id,
      tokenId,
      description: plan.plan.name.slice(0, 36),
      amount: plan.amountCents,
      startDate: plan.plan.startDate,
      nextRunDate: dayString(ended ? addMonths(plan.startDay, runIndex - 1) : run),
      installments: plan.installments,
      status,
      productTransactionId,
    });
    recurring.modified_ts = Math.max(createdTs, lastTs);
    out.recurrings.push(recurring);
  }

  // Visit payments at the desk for patients without a plan covering visits.
  if (!plan || !plan.recurring) {
    for (const visit of profile.completedVisits) {
      if (!rng.chance(0.9)) continue;
      const usable = card && visit.day <= card.validThrough ? tokenId : null;
      const declined = rng.chance(0.03);
      txn(visit.day, visit.minutes + visit.duration, {
        tokenId: usable,
        amount: profile.copayCents ?? (visit.type === 'New Patient' ? 15000 : 6500),
        statusCode: declined ? 301 : 101,
        reasonCodeId: declined ? rng.pick([1615, 1616] as const) : 1000,
        description: `${visit.type} visit`,
        trxSourceId: 3,
      });
    }
  }

  // A few invoices for balances and paid pay-wall links, so those lists are not empty.
  if (profile.balanceCents > 0 && rng.chance(0.08)) {
    const day = today - rng.int(5, 60);
    const ts = clock.toUnix(day, 11 * 60);
    const invoice = quickInvoiceRecord(
      base(ids.fortis('quickInvoice'), ts),
      {
        title: 'Statement balance',
        due_date: dayString(day + 14),
        item_list: [{ name: 'Balance due', amount: profile.balanceCents }],
        contact_id: contact.id,
        email: p.email || null,
      },
      productTransactionId,
    );
    if (rng.chance(0.5) && day + 3 < today) {
      const pay = txn(day + 3, 15 * 60, {
        amount: profile.balanceCents,
        statusCode: 101,
        reasonCodeId: 1000,
        description: 'Statement balance',
        trxSourceId: 8,
        quickInvoiceId: invoice.id,
      });
      invoice.remaining_balance = 0;
      invoice.payment_status_id = 3;
      invoice.modified_ts = pay.modified_ts;
    }
    out.quickInvoices.push(invoice);
  }
  if (rng.chance(0.03)) {
    const day = today - rng.int(2, 90);
    const ts = clock.toUnix(day, 8 * 60);
    const link = paylinkRecord(
      base(ids.fortis('paylink'), ts),
      {
        amount_due: 5000,
        description: 'Appointment deposit',
        contact_id: contact.id,
        paylink_action: 'sale',
        delivery_method: 0,
      },
      productTransactionId,
    );
    if (rng.chance(0.7)) {
      const pay = txn(day, 8 * 60 + rng.int(10, 300), {
        amount: 5000,
        statusCode: 101,
        reasonCodeId: 1000,
        description: 'Appointment deposit',
        trxSourceId: 16,
        paylinkId: link.id,
      });
      link.status_code = 1;
      link.modified_ts = pay.modified_ts;
    }
    out.paylinks.push(link);
  }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
