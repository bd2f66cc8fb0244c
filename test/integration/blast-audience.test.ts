import { describe, expect, it } from 'vitest';
import { selectAudience, type AudienceName } from '../../src/blast/audience.js';
import { blastFixture } from '../helpers/blast-fixture.js';

// As of 2026-03-10 (cards expiring within 30 days).
function audience(env: ReturnType<typeof blastFixture>, names: AudienceName[], day = '2026-03-10') {
  return [
    ...selectAudience(env.db, {
      audiences: names,
      asOf: '2026-03-10',
      day,
      expiringWithinDays: 30,
    }),
  ].map((m) => `${m.patient.account}:${m.reasons.join('+')}`);
}

describe('blast audiences', () => {
  const env = blastFixture([
    { account: '1', first: 'Exp', card: [1, 2026] }, // expired, active plan
    { account: '2', first: 'Soon', card: [3, 2026] }, // expiring
    { account: '3', first: 'None' }, // no card, active plan → missing
    { account: '4', first: 'Idle', activePlan: false }, // no card, nothing active → not missing
    { account: '5', first: 'Fine', card: [12, 2030] }, // ok
  ]);
  const at = '2026-01-01T00:00:00Z';
  env.db
    .prepare(
      `INSERT INTO declined_payments (source, upstream_id, plan_id, status, amount_cents, seen_at)
       VALUES ('fortis', 'd1', 'r5', 'unpaid', 9900, ?)`,
    )
    .run(at);
  env.db
    .prepare(
      `INSERT INTO appointments (id, patient_id, start_local, local_date, start_utc, type, status, imported_at)
       VALUES ('a1', ?, '2026-03-12T10:00', '2026-03-12', '2026-03-12T15:00:00Z', 'Adjustment', 'future', ?)`,
    )
    .run(env.ids['4'], at);

  it('picks missing, expired and expiring by default rules', () => {
    expect(audience(env, ['missing', 'expired', 'expiring'])).toEqual(
      expect.arrayContaining(['1:expired', '2:expiring', '3:missing', '4:missing']),
    );
    expect(audience(env, ['missing', 'expired', 'expiring'])).toHaveLength(4);
  });

  it('declined = an unpaid declined plan payment, whatever the card', () => {
    expect(audience(env, ['declined'])).toEqual(['5:declined']);
  });

  it('today/--date = booked that day without a usable card', () => {
    expect(audience(env, ['today'], '2026-03-12')).toEqual(['4:today']);
    expect(audience(env, ['today'], '2026-03-11')).toEqual([]);
  });

  it('all-active = every patient with an active plan', () => {
    expect(audience(env, ['all-active']).sort()).toEqual([
      '1:all-active',
      '2:all-active',
      '3:all-active',
      '5:all-active',
    ]);
  });
});
