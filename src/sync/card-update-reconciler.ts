// Card-update completion, run after every sync (SPEC §3.5, fortis.md §10): a transaction carrying
// one of our card-update paylink ids that stored a token means the patient entered a new card.
// Then: the update is recorded, each active plan of the patient moves to the new token (PATCH
// /v1/recurrings/{id}), the authorisation is voided (PUT /v1/transactions/{id}/void), and the link
// is marked used. Every step checks what is already done, so a re-run (or a crash in between)
// repeats nothing and finishes what is left.
import { ProviderValidationError } from '../integrations/errors.js';
import type { FortisClient } from '../integrations/fortis/client.js';
import type { Db } from '../store/db.js';
import type { Reconciler, ReconcileContext } from './reconcilers.js';

interface Completion {
  link_id: number;
  patient_id: number | null;
  tx_id: string;
  tx_status: string;
  new_card: string;
  occurred_at: string | null;
}

/** The Fortis calls the reconciler makes (a port, so tests can count them). */
export interface CardUpdateCalls {
  movePlan(planId: string, tokenId: string): Promise<void>;
  voidAuthorisation(transactionId: string): Promise<void>;
}

export interface CardUpdateCounts {
  card_updates: number;
  plans_moved: number;
  auths_voided: number;
}

/** Finishes every card update whose link was used; returns what it did in this pass. */
export async function reconcileCardUpdates(
  db: Db,
  calls: CardUpdateCalls,
  now: Date,
): Promise<CardUpdateCounts> {
  const counts: CardUpdateCounts = { card_updates: 0, plans_moved: 0, auths_voided: 0 };
  const completions = db
    .prepare(
      `SELECT l.id AS link_id, l.patient_id, t.upstream_id AS tx_id, t.status AS tx_status,
              t.stored_card_id AS new_card, t.occurred_at
         FROM payment_links l
         JOIN transactions t ON t.source = l.source AND t.paylink_id = l.upstream_id
        WHERE l.purpose = 'card_update' AND l.source = 'fortis' AND l.upstream_id IS NOT NULL
          AND t.stored_card_id IS NOT NULL AND t.removed = 0
          AND t.status IN ('authorized', 'approved', 'voided')
          AND NOT EXISTS (SELECT 1 FROM card_updates u
                           WHERE u.source = 'fortis' AND u.new_card_id = t.stored_card_id
                             AND u.auth_voided = 1 AND u.link_id = l.id)
        ORDER BY t.occurred_at`,
    )
    .all() as Completion[];
  for (const c of completions) {
    const at = now.toISOString();
    const plans =
      c.patient_id === null
        ? []
        : (db
            .prepare(
              `SELECT r.upstream_id, r.card_id FROM recurring_plans r
                 JOIN patient_links pl ON pl.source = r.source AND pl.upstream_id = r.contact_id
                WHERE pl.patient_id = ? AND r.source = 'fortis' AND r.status = 'active' AND r.removed = 0
                ORDER BY r.upstream_id`,
            )
            .all(c.patient_id) as Array<{ upstream_id: string; card_id: string | null }>);
    const oldCard = plans.find((p) => p.card_id !== c.new_card)?.card_id ?? null;
    const inserted = db
      .prepare(
        `INSERT INTO card_updates (patient_id, source, old_card_id, new_card_id, link_id, how, at)
         VALUES (?, 'fortis', ?, ?, ?, 'patient_link', ?)
         ON CONFLICT (source, new_card_id) DO NOTHING`,
      )
      .run(c.patient_id, oldCard, c.new_card, c.link_id, at);
    if (inserted.changes > 0) counts.card_updates += 1;
    db.prepare(
      `UPDATE payment_links SET status = 'used', used_at = COALESCE(used_at, ?), transaction_id = ?,
         modified_at = ? WHERE id = ?`,
    ).run(c.occurred_at ?? at, c.tx_id, at, c.link_id);

    for (const plan of plans) {
      if (plan.card_id === c.new_card) continue;
      await calls.movePlan(plan.upstream_id, c.new_card);
      // Mirror the change locally so reports show it before the next sync confirms it.
      db.prepare(
        `UPDATE recurring_plans SET card_id = ? WHERE source = 'fortis' AND upstream_id = ?`,
      ).run(c.new_card, plan.upstream_id);
      db.prepare(
        `UPDATE card_updates SET plans_moved = plans_moved + 1 WHERE source = 'fortis' AND new_card_id = ?`,
      ).run(c.new_card);
      counts.plans_moved += 1;
    }

    if (c.tx_status === 'authorized' || c.tx_status === 'approved') {
      await calls.voidAuthorisation(c.tx_id);
      db.prepare(
        `UPDATE transactions SET status = 'voided' WHERE source = 'fortis' AND upstream_id = ?`,
      ).run(c.tx_id);
      counts.auths_voided += 1;
    }
    db.prepare(
      `UPDATE card_updates SET auth_voided = 1 WHERE source = 'fortis' AND new_card_id = ?`,
    ).run(c.new_card);
  }
  return counts;
}

/**
 * Cash Practice's "store billing" form does the rest itself (the new card becomes the default and
 * the auto-debits move to it); what is left is to notice it: a new default card of the link's
 * patient, created or changed after the link was made (two minutes' leeway for clock skew; not by
 * the account updater), is recorded
 * as the card update and the link is marked used.
 */
export function reconcileCashPracticeCardUpdates(db: Db, now: Date): CardUpdateCounts {
  const counts: CardUpdateCounts = { card_updates: 0, plans_moved: 0, auths_voided: 0 };
  const rows = db
    .prepare(
      `SELECT l.id AS link_id, l.patient_id, c.upstream_id AS new_card,
              COALESCE(c.created_at, c.modified_at) AS at
         FROM payment_links l
         JOIN cards c ON c.source = 'cashpractice' AND c.contact_id = l.contact_id
        WHERE l.purpose = 'card_update' AND l.source = 'cashpractice' AND l.status IN ('open', 'paid')
          AND l.upstream_id IS NOT NULL AND c.is_default = 1 AND c.active = 1 AND c.removed = 0
          -- Two clocks (Cash Practice's and this computer's), and whole seconds upstream against
          -- milliseconds here: a card saved within two minutes before the link still counts.
          AND julianday(COALESCE(c.created_at, c.modified_at)) >= julianday(l.created_at) - 120.0 / 86400
          AND (c.account_updater_at IS NULL OR c.account_updater_at < l.created_at)
          AND NOT EXISTS (SELECT 1 FROM card_updates u
                           WHERE u.source = 'cashpractice' AND u.new_card_id = c.upstream_id)`,
    )
    .all() as Array<{ link_id: number; patient_id: number | null; new_card: string; at: string }>;
  const plansOn = db
    .prepare(
      `SELECT count(*) FROM recurring_plans WHERE source = 'cashpractice' AND card_id = ?
         AND status = 'active' AND removed = 0`,
    )
    .pluck();
  db.transaction(() => {
    for (const r of rows) {
      const moved = plansOn.get(r.new_card) as number;
      db.prepare(
        `INSERT INTO card_updates (patient_id, source, new_card_id, link_id, how, plans_moved, auth_voided, at)
         VALUES (?, 'cashpractice', ?, ?, 'patient_link', ?, 1, ?) ON CONFLICT (source, new_card_id) DO NOTHING`,
      ).run(r.patient_id, r.new_card, r.link_id, moved, now.toISOString());
      db.prepare(
        `UPDATE payment_links SET status = 'used', used_at = COALESCE(used_at, ?), modified_at = ?
          WHERE id = ?`,
      ).run(r.at, now.toISOString(), r.link_id);
      counts.card_updates += 1;
      counts.plans_moved += moved;
    }
  })();
  return counts;
}

/** The calls over a Fortis client; a void refused because it is already void counts as done. */
export async function fortisCardUpdateCalls(client: FortisClient): Promise<CardUpdateCalls> {
  const { patchRecurring, voidTransaction } = await import('../integrations/fortis/writes.js');
  return {
    async movePlan(planId, tokenId) {
      await patchRecurring(client, planId, { tokenId });
    },
    async voidAuthorisation(transactionId) {
      try {
        await voidTransaction(client, transactionId);
      } catch (err) {
        if (err instanceof ProviderValidationError && /void/i.test(err.message)) return;
        throw err;
      }
    },
  };
}

/** The reconciler registered with the sync engine. */
export const cardUpdateReconciler: Reconciler = {
  name: 'card updates',
  async run(ctx: ReconcileContext) {
    const cp = ctx.synced.includes('cashpractice')
      ? reconcileCashPracticeCardUpdates(ctx.db, ctx.io.now())
      : undefined;
    const fortis = ctx.synced.includes('fortis') ? await reconcileFortis(ctx) : undefined;
    if (!fortis && (!cp || cp.card_updates === 0)) return;
    return {
      card_updates: (cp?.card_updates ?? 0) + (fortis?.card_updates ?? 0),
      plans_moved: (cp?.plans_moved ?? 0) + (fortis?.plans_moved ?? 0),
      auths_voided: (cp?.auths_voided ?? 0) + (fortis?.auths_voided ?? 0),
    };
  },
};

/** The Fortis half: only when a card-update paylink exists (no client is built otherwise). */
async function reconcileFortis(ctx: ReconcileContext): Promise<CardUpdateCounts | undefined> {
  const pending = ctx.db
    .prepare(
      `SELECT 1 FROM payment_links WHERE purpose = 'card_update' AND source = 'fortis'
           AND upstream_id IS NOT NULL LIMIT 1`,
    )
    .get();
  if (!pending) return;
  const { fortisClientFor } = await import('../integrations/fortis/connection.js');
  const client = fortisClientFor({
    io: ctx.io,
    config: ctx.config,
    credentials: ctx.credentials,
  });
  return reconcileCardUpdates(ctx.db, await fortisCardUpdateCalls(client), ctx.io.now());
}
