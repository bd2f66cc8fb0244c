import { describe, expect, it } from 'vitest';
import {
  cardLabel,
  cardStatus,
  chooseCard,
  validThrough,
  type CardFact,
} from '../../src/domain/cards.js';

function card(over: Partial<CardFact>): CardFact {
  return {
    source: 'fortis',
    id: 'c1',
    brand: 'Visa',
    lastFour: '4242',
    expMonth: 12,
    expYear: 2030,
    isDefault: false,
    active: true,
    createdAt: '2025-01-01T00:00:00Z',
    accountUpdaterAt: null,
    ...over,
  };
}

describe('cardStatus', () => {
  it('a card is valid through the last day of its expiry month', () => {
    const nov = { expMonth: 11, expYear: 2026 };
    expect(validThrough(nov)).toBe('2026-11-30');
    expect(cardStatus(nov, '2026-11-30', 30)).toBe('expiring');
    expect(cardStatus(nov, '2026-12-01', 30)).toBe('expired');
  });

  it('handles February in leap and common years', () => {
    expect(validThrough({ expMonth: 2, expYear: 2028 })).toBe('2028-02-29');
    expect(cardStatus({ expMonth: 2, expYear: 2028 }, '2028-02-29', 0)).toBe('expiring');
    expect(cardStatus({ expMonth: 2, expYear: 2027 }, '2027-02-28', 0)).toBe('expiring');
    expect(cardStatus({ expMonth: 2, expYear: 2027 }, '2027-03-01', 0)).toBe('expired');
    // Two-digit years are 20xx.
    expect(validThrough({ expMonth: 2, expYear: 28 })).toBe('2028-02-29');
  });

  it('is expiring exactly up to N days ahead, ok after that', () => {
    const dec = { expMonth: 12, expYear: 2026 }; // valid through 2026-12-31
    expect(cardStatus(dec, '2026-12-01', 30)).toBe('expiring'); // 30 days left
    expect(cardStatus(dec, '2026-11-30', 30)).toBe('ok'); // 31 days left
    expect(cardStatus(undefined, '2026-11-30', 30)).toBe('none');
    expect(cardStatus({ expMonth: null, expYear: null }, '2026-11-30', 30)).toBe('ok');
  });
});

describe('chooseCard', () => {
  it('prefers the card of the active recurring plan, across processors', () => {
    const fortisDefault = card({ id: 'f1', isDefault: true, createdAt: '2026-06-01' });
    const cpCard = card({ source: 'cashpractice', id: 'cp9', createdAt: '2024-01-01' });
    const chosen = chooseCard(
      [fortisDefault, cpCard],
      [
        { source: 'fortis', cardId: 'f1', status: 'ended' },
        { source: 'cashpractice', cardId: 'cp9', status: 'active' },
      ],
    );
    expect(chosen?.id).toBe('cp9');
  });

  it('does not match a plan card id at the other processor', () => {
    const a = card({ source: 'fortis', id: 'same', createdAt: '2026-01-01' });
    const b = card({ source: 'cashpractice', id: 'other', createdAt: '2026-05-01' });
    const chosen = chooseCard(
      [a, b],
      [{ source: 'cashpractice', cardId: 'same', status: 'active' }],
    );
    expect(chosen?.id).toBe('other'); // no plan match → newest active
  });

  it('falls back to the default card, then the newest active card', () => {
    const old = card({ id: 'old', createdAt: '2024-01-01', isDefault: true });
    const newer = card({ id: 'new', createdAt: '2026-01-01' });
    const inactive = card({ id: 'gone', createdAt: '2026-09-01', active: false, isDefault: true });
    expect(chooseCard([old, newer, inactive], [])?.id).toBe('old');
    expect(chooseCard([card({ id: 'a', createdAt: '2025-01-01' }), newer], [])?.id).toBe('new');
    expect(chooseCard([inactive], [])).toBeUndefined();
  });

  it('a card refreshed by the account updater counts by its new expiry', () => {
    const refreshed = card({ expMonth: 10, expYear: 2029, accountUpdaterAt: '2026-11-01' });
    expect(cardStatus(chooseCard([refreshed], []), '2026-11-27', 30)).toBe('ok');
  });

  it('labels a card with brand, last four and MM/YY', () => {
    expect(cardLabel(card({ expMonth: 3, expYear: 2027 }))).toBe('Visa 4242 03/27');
    expect(cardLabel(undefined)).toBe('none');
    expect(cardLabel(card({ brand: 'mc', lastFour: '5454', expMonth: 7, expYear: 2022 }))).toBe(
      'Mastercard 5454 07/22',
    );
    expect(cardLabel(card({ brand: 'disc' }))).toMatch(/^Discover /);
    expect(cardLabel(card({ brand: 'Elo' }))).toMatch(/^Elo /);
  });
});
