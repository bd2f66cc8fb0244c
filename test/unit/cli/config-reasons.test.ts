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
