// `trackstat paywall run`: reconcile payments, plan links for upcoming pay-walled appointments,
// confirm, then create each link (idempotent per appointment) and send it through messaging.
import { TrackstatError } from '../errors.js';
import { formatCents } from '../terminal/render.js';
import { sanitizeCell } from '../terminal/sanitize.js';
import type { Db } from '../store/db.js';
import { linkUrl, recordLinkCreated, reserveLink, type PaylinkPort } from './links.js';
import { planPaywall, type PaywallItem } from './plan.js';
import { reconcilePaywall, type ReconcileSummary } from './reconcile.js';

/** One pay-wall message to send; the messaging layer applies opt-out, consent and quiet hours. */
export interface PaywallMessage {
  item: PaywallItem;
  linkId: number;
  url: string;
}

export interface SendSummary {
  sent: number;
  skipped: number;
  failed: number;
  /** Skipped per reason, e.g. {opted_out: 1, already_sent: 3}. */
  reasons: Record<string, number>;
}

/** The messaging side: sends (or dedupes) one message per appointment. */
export interface PaywallSender {
  send(messages: PaywallMessage[]): Promise<SendSummary>;
}

export interface PaywallRunOptions {
  dryRun: boolean;
  horizonMinutes: number;
  timeZone: string;
  source: 'fortis' | 'cashpractice';
}

export interface PaywallRunDeps {
  db: Db;
  now(): Date;
  /** Asked once with the plan; false stops the run with nothing done. */
  confirm(plan: PaywallItem[]): Promise<boolean>;
  /** Opened only when something must be created. */
  paylinks(): Promise<PaylinkPort>;
  sender(): Promise<PaywallSender>;
  /** A line for stderr. */
  info(line: string): void;
}

export interface PaywallRunResult {
  reconciled: ReconcileSummary;
  plan: PaywallItem[];
  confirmed: boolean;
  created: number;
  reused: number;
  linkFailures: Array<{ appointmentId: string; error: string }>;
  /** Fortis refused the credentials or stayed down: the links after it were not attempted. */
  stopped: { error: unknown; notAttempted: number } | null;
  send: SendSummary | null;
}

/** A human line per planned appointment (for the plan shown before confirming). */
export function describeItem(item: PaywallItem): string {
  const action = item.existing?.url ? 'resend link' : 'new link';
  return [
    item.startLocal.replace('T', ' '),
    sanitizeCell(item.patientName),
    item.account ?? '',
    sanitizeCell(item.type),
    formatCents(item.amountCents),
    item.mode,
    action,
  ].join('  ');
}

/** Runs the pay wall once: reconcile, plan, confirm, create links, send. */
export async function runPaywall(
  options: PaywallRunOptions,
  deps: PaywallRunDeps,
): Promise<PaywallRunResult> {
  const { db } = deps;
  const reconciled = options.dryRun ? { posted: 0, moved: 0 } : reconcilePaywall(db, deps.now());
  const plan = planPaywall(db, {
    now: deps.now(),
    horizonMinutes: options.horizonMinutes,
    timeZone: options.timeZone,
    source: options.source,
  });
  const result: PaywallRunResult = {
    reconciled,
    plan,
    confirmed: false,
    created: 0,
    reused: 0,
    linkFailures: [],
    stopped: null,
    send: null,
  };
  if (options.dryRun || plan.length === 0) return result;
  if (!(await deps.confirm(plan))) return result;
  result.confirmed = true;

  const ready: PaywallMessage[] = [];
  const needLinks = plan.filter((i) => !i.existing?.url);
  const port = needLinks.length > 0 ? await deps.paylinks() : undefined;
  for (const item of plan) {
    const linkId = reserveLink(db, item, options.source, deps.now());
    let url = linkUrl(db, linkId);
    if (url === null && result.stopped) {
      result.stopped.notAttempted++;
      continue;
    }
    if (url === null && port) {
      try {
        const made = await port.create({
          apiId: item.apiId,
          amountCents: item.amountCents,
          contactId: item.contactId,
          description: `${item.mode === 'deposit' ? 'Deposit' : 'Payment'} for your appointment`,
          email: item.email,
          mobile: item.mobile,
        });
        recordLinkCreated(db, linkId, made, deps.now());
        url = made.url;
        result.created++;
      } catch (err) {
        result.linkFailures.push({
          appointmentId: item.appointmentId,
          error: err instanceof Error ? err.message : String(err),
        });
        // Rejected credentials (5) or a Fortis that stayed down after retries (6) would fail every
        // other link the same way, each after its own retries: stop asking (the next run resumes).
        if (err instanceof TrackstatError && (err.exitCode === 5 || err.exitCode === 6))
          result.stopped = { error: err, notAttempted: 0 };
        continue;
      }
    } else {
      result.reused++;
    }
    if (url !== null) ready.push({ item, linkId, url });
  }
  if (ready.length > 0) result.send = await (await deps.sender()).send(ready);
  return result;
}
