import type { Db } from '../store/db.js';
import type { Reconciler } from './reconcilers.js';

/**
 * Fortis plans do not say how many payments were made: count the approved transactions of each
 * plan, and call a fixed (instalment) plan that ended with every payment made "completed" rather
 * than "ended". Returns the number of plans changed.
 */
export function deriveFortisPlanPayments(db: Db): number {
  let changed = 0;
  db.transaction(() => {
    changed += db
      .prepare(
        `UPDATE recurring_plans SET payments_made = made.n
         FROM (SELECT plan_id, count(*) AS n FROM transactions
               WHERE source = 'fortis' AND status = 'approved' AND removed = 0 AND plan_id IS NOT NULL
               GROUP BY plan_id) AS made
         WHERE recurring_plans.source = 'fortis' AND recurring_plans.upstream_id = made.plan_id
           AND recurring_plans.payments_made IS NOT made.n`,
      )
      .run().changes;
    changed += db
      .prepare(
        `UPDATE recurring_plans SET payments_made = 0
         WHERE source = 'fortis' AND payments_made IS NULL`,
      )
      .run().changes;
    changed += db
      .prepare(
        `UPDATE recurring_plans SET status = 'completed'
         WHERE source = 'fortis' AND status = 'ended' AND plan_type = 'fixed'
           AND payments_total IS NOT NULL AND payments_made >= payments_total`,
      )
      .run().changes;
  })();
  return changed;
}

/** Runs after each sync that read Fortis. */
export const fortisPlanPayments: Reconciler = {
  name: 'fortis-plan-payments',
  run: (ctx) =>
    Promise.resolve(
      ctx.synced.includes('fortis') ? { plans_updated: deriveFortisPlanPayments(ctx.db) } : {},
    ),
};
