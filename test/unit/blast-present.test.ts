import { describe, expect, it } from 'vitest';
import { describeRunCounts } from '../../src/blast/present.js';

describe('describeRunCounts (blasts show)', () => {
  it('reads like the plan: audiences, outcomes with provider codes, skips in words', () => {
    expect(
      describeRunCounts({
        planned: 5,
        sent: 4,
        failed: 1,
        unknown: 0,
        skipped: { limit: 49, do_not_contact: 2 },
        failed_codes: { '21211': 1 },
        audiences: { missing: 24, expired: 21 },
      }),
    ).toBe(
      'audience: missing 24, expired 21; planned 5, sent 4, failed 1 (21211 1), unknown 0; skipped: over --limit 49, do-not-contact 2',
    );
  });

  it('copes with a run that stored no counts yet', () => {
    expect(describeRunCounts({})).toBe(
      'audience: none; planned 0, sent 0, failed 0, unknown 0; skipped: none',
    );
  });
});
