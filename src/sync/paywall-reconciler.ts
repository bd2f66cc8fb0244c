import { reconcilePaywall } from '../paywall/reconcile.js';
import type { Reconciler } from './reconcilers.js';

/** After a sync: paid pay-wall links become posted payments; links follow rescheduled visits. */
export const paywallReconciler: Reconciler = {
  name: 'paywall',
  async run(ctx) {
    const { posted, moved } = reconcilePaywall(ctx.db, ctx.io.now());
    return { paywall_payments_posted: posted, paywall_links_moved: moved };
  },
};
