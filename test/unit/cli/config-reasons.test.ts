import { describe, expect, it } from 'vitest';
import { configKeys } from '../../../src/home/config-keys.js';

// `config set` prints "Invalid value for KEY: it <reason>.", so every reason must read after "it".
const samples: Record<string, string[]> = {
  'memberships.rules': ['Wellness=4', ''],
  'messaging.window': ['21:00-08:00', '9-17'],
  timezone: ['Mars/Olympus'],
  'card_update.amount': ['1.005'],
};

describe('config value errors', () => {
  it('every rejection reason reads as a sentence after "it" (starts with "must")', () => {
    for (const key of configKeys) {
      for (const raw of [...(samples[key.key] ?? []), 'not a valid value at all ;;', '']) {
        const r = key.parse(raw);
        if (!r.ok) expect(r.reason, `${key.key} ${JSON.stringify(raw)}`).toMatch(/^must /);
      }
    }
  });
});

describe('cards.expiring_within_days', () => {
  it('is described as the rule cardStatus applies: valid through at most N days after the date', async () => {
    const { cardStatus } = await import('../../../src/domain/cards.js');
    const description = configKeys.find((k) => k.key === 'cards.expiring_within_days')?.description;
    expect(description).toContain('at most this many days');
    // Valid through 2026-11-30, 30 days after 2026-10-31: exactly at the limit is still expiring.
    expect(cardStatus({ expMonth: 11, expYear: 2026 }, '2026-10-31', 30)).toBe('expiring');
  });
});
