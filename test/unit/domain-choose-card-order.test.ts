// chooseCard's order rules (DOMAIN §3.1), written for the one-pass version: which card wins when
// creation times tie or are missing, and that an inactive card never wins.
import { describe, expect, it } from 'vitest';
import { chooseCard, type ChoosableCard } from '../../src/domain/cards.js';

function card(id: string, over: Partial<ChoosableCard> = {}): ChoosableCard {
  return {
    source: 'fortis',
    id,
    isDefault: false,
    active: true,
    createdAt: '2025-01-01T00:00:00Z',
    ...over,
  };
}

describe('chooseCard order', () => {
  it('of cards created at the same time, the first listed wins', () => {
    expect(chooseCard([card('a'), card('b')], [])?.id).toBe('a');
    const defaults = [card('a', { isDefault: true }), card('b', { isDefault: true })];
    expect(chooseCard(defaults, [])?.id).toBe('a');
  });

  it('a card without a creation time is the oldest', () => {
    expect(chooseCard([card('undated', { createdAt: null }), card('dated')], [])?.id).toBe('dated');
    const undated = [card('x', { createdAt: null }), card('y', { createdAt: null })];
    expect(chooseCard(undated, [])?.id).toBe('x');
  });

  it('an older default card beats a newer plain one; an inactive card never wins', () => {
    const cards = [
      card('new', { createdAt: '2026-06-01' }),
      card('default', { isDefault: true, createdAt: '2024-01-01' }),
      card('gone', { isDefault: true, active: false, createdAt: '2026-09-01' }),
    ];
    expect(chooseCard(cards, [])?.id).toBe('default');
    expect(chooseCard([cards[0]!, cards[2]!], [])?.id).toBe('new');
  });

  it('an active plan’s card wins only while the card is active', () => {
    const cards = [
      card('plan', { active: false, createdAt: '2026-01-01' }),
      card('other', { createdAt: '2025-01-01' }),
    ];
    const plans = [{ source: 'fortis', cardId: 'plan', status: 'active' }];
    expect(chooseCard(cards, plans)?.id).toBe('other');
    expect(chooseCard([{ ...cards[0]!, active: true }, cards[1]!], plans)?.id).toBe('plan');
  });
});
