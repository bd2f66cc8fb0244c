import type { ConfigStore } from '../home/config.js';
import type { CredentialStore } from '../home/secrets.js';
import type { Db } from '../store/db.js';
import type { Io } from '../terminal/io.js';
import { cardUpdateReconciler } from './card-update-reconciler.js';
import { fortisPlanPayments } from './fortis-plan-payments.js';
import { paywallReconciler } from './paywall-reconciler.js';

/** What a reconciler receives after a sync has written new processor data and linked patients. */
export interface ReconcileContext {
  db: Db;
  io: Io;
  config: ConfigStore;
  credentials: CredentialStore;
  /** Sources whose resources synced without error in this run. */
  synced: ReadonlyArray<'fortis' | 'cashpractice'>;
}

/**
 * Work that reacts to freshly synced data (card-update completion, pay-wall payments…). Returns
 * counts for the sync summary. A throwing reconciler is reported and makes the sync partial.
 */
export interface Reconciler {
  name: string;
  run(ctx: ReconcileContext): Promise<Record<string, number> | void>;
}

/** Every reconciler, run in order after each sync. Other features append theirs here. */
export const reconcilers: Reconciler[] = [
  fortisPlanPayments,
  cardUpdateReconciler,
  paywallReconciler,
];
