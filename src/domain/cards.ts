import { addDays, compareIso, lastDayOfMonth, type IsoDate } from './dates.js';

/** A stored payment method (Fortis token / Cash Practice billing method) as the rules see it. */
export interface CardFact {
  source: string;
  id: string;
  brand: string | null;
  lastFour: string | null;
  expMonth: number | null;
  expYear: number | null;
  isDefault: boolean;
  active: boolean;
  createdAt: string | null;
  /** When the processor's account updater refreshed the card (its expiry is then the new one). */
  accountUpdaterAt: string | null;
}

/** The part of a card that decides whether it is "the" card. */
export type ChoosableCard = Pick<CardFact, 'source' | 'id' | 'isDefault' | 'active' | 'createdAt'>;

/** The part of a recurring plan that decides which card is "the" card. */
export interface PlanCardRef {
  source: string;
  cardId: string | null;
  status: string;
}

export type CardStatus = 'none' | 'expired' | 'expiring' | 'ok';
export const cardStatuses: readonly CardStatus[] = ['none', 'expired', 'expiring', 'ok'];

/** Whether the card was created after the other (a card without a date is the oldest). */
function newer(a: ChoosableCard, b: ChoosableCard): boolean {
  return compareIso(a.createdAt, b.createdAt) > 0;
}

/**
 * The patient's card across every processor (DOMAIN §3.1): the card used by an active recurring
 * plan; else a processor's default card (the newest, when both processors have one); else the most
 * recently created active card. Of cards created at the same time the first listed wins. One pass,
 * no copies: the huddle list asks this for every row.
 */
export function chooseCard<C extends ChoosableCard>(
  cards: readonly C[],
  plans: readonly PlanCardRef[],
): C | undefined {
  for (const plan of plans) {
    if (plan.status !== 'active' || plan.cardId === null) continue;
    const used = cards.find((c) => c.active && c.source === plan.source && c.id === plan.cardId);
    if (used) return used;
  }
  let newestDefault: C | undefined;
  let newest: C | undefined;
  for (const c of cards) {
    if (!c.active) continue;
    if (!newest || newer(c, newest)) newest = c;
    if (c.isDefault && (!newestDefault || newer(c, newestDefault))) newestDefault = c;
  }
  return newestDefault ?? newest;
}

/** The last day a card can be charged: the last day of its expiry month (undefined: no expiry, e.g. a bank account). */
export function validThrough(card: Pick<CardFact, 'expMonth' | 'expYear'>): IsoDate | undefined {
  const { expMonth, expYear } = card;
  if (expMonth === null || expYear === null || expMonth < 1 || expMonth > 12) return undefined;
  return lastDayOfMonth(expYear < 100 ? 2000 + expYear : expYear, expMonth);
}

/**
 * Card status as of a date: `expired` when valid-through is before the date, `expiring` when it is
 * at most `expiringWithinDays` days after it, `none` without a card, else `ok`.
 */
export function cardStatus(
  card: Pick<CardFact, 'expMonth' | 'expYear'> | undefined,
  asOf: IsoDate,
  expiringWithinDays: number,
): CardStatus {
  if (!card) return 'none';
  const through = validThrough(card);
  if (through === undefined) return 'ok';
  if (through < asOf) return 'expired';
  if (through <= addDays(asOf, expiringWithinDays)) return 'expiring';
  return 'ok';
}

const brandNames: Record<string, string> = {
  visa: 'Visa',
  mc: 'Mastercard',
  mastercard: 'Mastercard',
  disc: 'Discover',
  discover: 'Discover',
  amex: 'Amex',
  americanexpress: 'Amex',
  jcb: 'JCB',
  diners: 'Diners',
  dinersclub: 'Diners',
  checking: 'Checking',
  savings: 'Savings',
};

/** A processor's brand code as people say it ("mc" → "Mastercard"); unknown codes pass through. */
export function brandName(brand: string | null): string {
  if (brand === null || brand.trim() === '') return 'Card';
  return brandNames[brand.toLowerCase().replace(/[^a-z]/g, '')] ?? brand;
}

/** How a card is shown: "Visa 4242 11/26", or "none". */
export function cardLabel(
  card: Pick<CardFact, 'brand' | 'lastFour' | 'expMonth' | 'expYear'> | undefined,
): string {
  if (!card) return 'none';
  const parts = [brandName(card.brand), card.lastFour ?? '????'];
  if (card.expMonth !== null && card.expYear !== null) {
    parts.push(
      `${String(card.expMonth).padStart(2, '0')}/${String(card.expYear % 100).padStart(2, '0')}`,
    );
  }
  return parts.join(' ');
}
