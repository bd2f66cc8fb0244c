import { describe, expect, it } from 'vitest';
import { chooseCard } from '../../src/domain/cards.js';
import { loadFacts } from '../../src/reports/facts.js';
import {
  reconcileCardUpdates,
  reconcileCashPracticeCardUpdates,
  type CardUpdateCalls,
} from '../../src/sync/card-update-reconciler.js';
import { blastFixture } from '../helpers/blast-fixture.js';

function recordingCalls(log: string[], failVoidOnce = false): CardUpdateCalls {
  let failed = false;
  return {
    async movePlan(planId, tokenId) {
      log.push(`patch ${planId} ${tokenId}`);
    },
    async voidAuthorisation(id) {
      if (failVoidOnce && !failed) {
        failed = true;
        throw new Error('network down');
      }
      log.push(`void ${id}`);
    },
  };
}

function setup() {
  const env = blastFixture([{ account: '1', first: 'Ann', card: [1, 2026] }]);
  const pid = env.ids['1']!;
  const at = '2026-03-10T16:00:00Z';
  env.db
    .prepare(
      `INSERT INTO payment_links (source, upstream_id, api_id, purpose, patient_id, contact_id, run_id,
         amount_cents, url, status, created_at) VALUES ('fortis', 'pl1', 'ts-run-p1', 'card_update', ?, 'c1',
         'run', 100, 'https://pay/x', 'open', ?)`,
    )
    .run(pid, at);
  env.db
    .prepare(
      `INSERT INTO cards (source, upstream_id, contact_id, brand, last_four, exp_month, exp_year, active,
         created_at, seen_at) VALUES ('fortis', 'tNew', 'c1', 'Visa', '1111', 12, 2030, 1, ?, ?)`,
    )
    .run(at, at);
  env.db
    .prepare(
      `INSERT INTO transactions (source, upstream_id, contact_id, card_id, amount_cents, occurred_at,
         status, paylink_id, stored_card_id, seen_at)
       VALUES ('fortis', 'tx1', 'c1', 'tNew', 100, ?, 'authorized', 'pl1', 'tNew', ?)`,
    )
    .run(at, at);
  return { ...env, pid };
}

describe('card-update reconciler', () => {
  it('makes the new card the patient’s card, moves the plan, voids the auth, once', async () => {
    const env = setup();
    const log: string[] = [];
    const now = new Date('2026-03-10T17:00:00Z');
    const first = await reconcileCardUpdates(env.db, recordingCalls(log), now);
    expect(first).toEqual({ card_updates: 1, plans_moved: 1, auths_voided: 1 });
    expect(log).toEqual(['patch r1 tNew', 'void tx1']);
    const again = await reconcileCardUpdates(env.db, recordingCalls(log), now);
    expect(again).toEqual({ card_updates: 0, plans_moved: 0, auths_voided: 0 });
    expect(log).toHaveLength(2);
    expect(
      env.db
        .prepare('SELECT old_card_id, new_card_id, how, plans_moved, auth_voided FROM card_updates')
        .get(),
    ).toEqual({
      old_card_id: 't1',
      new_card_id: 'tNew',
      how: 'patient_link',
      plans_moved: 1,
      auth_voided: 1,
    });
    expect(env.db.prepare(`SELECT status, transaction_id FROM payment_links`).get()).toEqual({
      status: 'used',
      transaction_id: 'tx1',
    });
    const facts = loadFacts(env.db, [env.pid]).get(env.pid)!;
    expect(chooseCard(facts.cards, facts.plans)?.id).toBe('tNew');
  });

  it('finishes what a crashed pass left: the plan is not moved twice, the void is retried', async () => {
    const env = setup();
    const log: string[] = [];
    const now = new Date('2026-03-10T17:00:00Z');
    await expect(reconcileCardUpdates(env.db, recordingCalls(log, true), now)).rejects.toThrow(
      'network down',
    );
    expect(log).toEqual(['patch r1 tNew']);
    const second = await reconcileCardUpdates(env.db, recordingCalls(log), now);
    expect(second).toEqual({ card_updates: 0, plans_moved: 0, auths_voided: 1 });
    expect(log).toEqual(['patch r1 tNew', 'void tx1']);
  });

  it('Cash Practice: a new default card after the link was made is recorded once; the link is used', () => {
    const env = blastFixture([{ account: '9', first: 'Cat', activePlan: false }]);
    const pid = env.ids['9']!;
    const db = env.db;
    db.prepare(
      `INSERT INTO patient_links (source, upstream_id, patient_id, method, linked_at)
       VALUES ('cashpractice', 'cp9', ?, 'exact', '2026-01-01T00:00:00Z')`,
    ).run(pid);
    db.prepare(
      `INSERT INTO payment_links (source, upstream_id, api_id, purpose, patient_id, contact_id, run_id, url,
         status, created_at) VALUES ('cashpractice', 'pn1', 'ts-run-p9', 'card_update', ?, 'cp9', 'run',
         'https://cp/x', 'open', '2026-03-10T16:00:00.000Z')`,
    ).run(pid);
    const card = (id: string, isDefault: number, modified: string) =>
      db
        .prepare(
          `INSERT INTO cards (source, upstream_id, contact_id, brand, last_four, exp_month, exp_year,
             is_default, active, modified_at, seen_at) VALUES ('cashpractice', ?, 'cp9', 'Visa', '1234', 1, 2031, ?, 1, ?, ?)`,
        )
        .run(id, isDefault, modified, modified);
    card('bm-old', 0, '2025-05-01T00:00:00Z');
    card('bm-new', 1, '2026-03-10T18:00:00Z');
    db.prepare(
      `INSERT INTO recurring_plans (source, upstream_id, contact_id, card_id, amount_cents, status, seen_at)
       VALUES ('cashpractice', 'ad1', 'cp9', 'bm-new', 5000, 'active', '2026-03-10T18:00:00Z')`,
    ).run();
    const now = new Date('2026-03-10T19:00:00Z');
    expect(reconcileCashPracticeCardUpdates(db, now)).toEqual({
      card_updates: 1,
      plans_moved: 1,
      auths_voided: 0,
    });
    expect(reconcileCashPracticeCardUpdates(db, now).card_updates).toBe(0);
    expect(db.prepare(`SELECT new_card_id, how, patient_id FROM card_updates`).all()).toEqual([
      { new_card_id: 'bm-new', how: 'patient_link', patient_id: pid },
    ]);
    expect(db.prepare(`SELECT status FROM payment_links`).pluck().get()).toBe('used');
  });

  it('Cash Practice: a card saved seconds "before" the link by a clock running behind still counts', () => {
    const env = blastFixture([{ account: '9', first: 'Cat', activePlan: false }]);
    const pid = env.ids['9']!;
    const db = env.db;
    db.prepare(
      `INSERT INTO patient_links (source, upstream_id, patient_id, method, linked_at)
       VALUES ('cashpractice', 'cp9', ?, 'exact', '2026-01-01T00:00:00Z')`,
    ).run(pid);
    db.prepare(
      `INSERT INTO payment_links (source, upstream_id, api_id, purpose, patient_id, contact_id, run_id, url,
         status, created_at) VALUES ('cashpractice', 'pn1', 'ts-run-p9', 'card_update', ?, 'cp9', 'run',
         'https://cp/x', 'open', '2026-03-10T16:00:27.051Z')`,
    ).run(pid);
    const card = (id: string, modified: string) =>
      db
        .prepare(
          `INSERT INTO cards (source, upstream_id, contact_id, brand, last_four, exp_month, exp_year,
             is_default, active, modified_at, seen_at) VALUES ('cashpractice', ?, 'cp9', 'Visa', '4242', 1, 2031, 1, 1, ?, ?)`,
        )
        .run(id, modified, modified);
    card('bm-long-before', '2026-03-10T15:00:00.000Z'); // an hour earlier: not this link's card
    card('bm-skewed', '2026-03-10T16:00:26.000Z'); // whole seconds, a clock a second behind
    expect(
      reconcileCashPracticeCardUpdates(db, new Date('2026-03-10T17:00:00Z')).card_updates,
    ).toBe(1);
    expect(db.prepare(`SELECT new_card_id FROM card_updates`).pluck().all()).toEqual(['bm-skewed']);
  });
});
