// `trackstat card-update-blast`: plan → confirm → send (SPEC §3.5). The run is resumable: an
// unfinished run (killed, stopped by a provider, or scheduled for the send window) is picked up by
// the next blast, keeping its dedupe keys and link ids, so nothing is ever sent twice.
import { todayIn, type IsoDate } from '../domain/dates.js';
import type { ConfigStore } from '../home/config.js';
import type { Mailer } from '../integrations/smtp/mailer.js';
import type { TwilioClient } from '../integrations/twilio/client.js';
import { composeEmail, composeSms } from '../messaging/compose.js';
import { channelBlock } from '../messaging/eligibility.js';
import {
  dedupeKey,
  hasTextedBefore,
  markStaleSendingUnknown,
  planMessage,
  plannedOf,
  setMessageLink,
  type MessageRow,
} from '../messaging/ledger.js';
import { practiceInfo, unnamedPracticeWarning } from '../messaging/practice.js';
import { parseWindow, windowState } from '../messaging/quiet-hours.js';
import { resolveUnknownTexts } from '../messaging/resolve-unknown.js';
import { sendPlannedMessages, type Prepared, type SendSummary } from '../messaging/send-planned.js';
import { loadTemplates } from '../messaging/templates.js';
import { ProviderValidationError } from '../integrations/errors.js';
import { derivePatient } from '../reports/derive.js';
import { loadFacts } from '../reports/facts.js';
import type { Db } from '../store/db.js';
import type { Io } from '../terminal/io.js';
import type { AudienceName } from './audience.js';
import { contactFacts, contactRow, processorContacts } from './contact-facts.js';
import {
  cardUpdateApiId,
  recordCardUpdateLink,
  reserveCardUpdateLink,
  type CardUpdateLinkPort,
} from './links.js';
import { cardUpdateValues } from './merge-values.js';
import { linkTarget, planBlast, type BlastPlan } from './plan.js';
import { createRun, findUnfinishedRun, newRunId, setRunStatus } from './runs.js';

export interface BlastOptions {
  audiences: readonly AudienceName[];
  date?: IsoDate | undefined;
  within?: number | undefined;
  patientIds?: readonly number[] | undefined;
  channel: 'sms' | 'email' | 'both';
  limit?: number | undefined;
  dryRun: boolean;
  yes: boolean;
  schedule: boolean;
}

export interface BlastDeps {
  io: Io;
  db: Db;
  config: ConfigStore;
  templatesDir: string;
  sms: Pick<TwilioClient, 'send' | 'get' | 'listTo'> | undefined;
  openMailer: (() => Promise<Mailer>) | undefined;
  ports: { fortis?: CardUpdateLinkPort | undefined; cashpractice?: CardUpdateLinkPort | undefined };
  /** A dry run with no messaging connected plans as if these channels were. */
  assumeChannels?: { sms: boolean; email: boolean } | undefined;
  confirm(message: string): Promise<boolean>;
  /** Shows the plan (called once, before any question or send). */
  onPlan?(plan: BlastPlan, resolved: BlastResult['resolved']): void;
  /** Progress while sending (a spinner on a terminal). */
  onSendProgress?(done: number, total: number): void;
  sleep?(ms: number): Promise<void>;
}

export type BlastOutcome =
  | 'dry_run'
  | 'quiet_hours'
  | 'declined'
  | 'nothing_to_send'
  | 'scheduled'
  | 'done'
  | 'partial'
  | 'aborted';

export interface BlastResult {
  outcome: BlastOutcome;
  plan: BlastPlan;
  send: SendSummary | undefined;
  window: string;
  resolved: { checked: number; sent: number; notSent: number; stillUnknown: number } | undefined;
}

const purpose = 'card_update';

/** Runs one card-update blast and returns what happened (the command prints it). */
export async function runCardUpdateBlast(o: BlastOptions, deps: BlastDeps): Promise<BlastResult> {
  const { db, io, config } = deps;
  const now = io.now();
  const timeZone = config.timezone();
  const asOf = todayIn(timeZone, now);
  const templates = loadTemplates(deps.templatesDir, 'card_update');
  const practice = practiceInfo(config);
  const unnamed = unnamedPracticeWarning(config);
  if (unnamed) io.warn(unnamed);
  const window = parseWindow(config.string('messaging.window') ?? '09:00-20:00');
  const state = windowState(window, timeZone, now);
  const windowText = `${window.text} ${timeZone}`;

  const unfinished = findUnfinishedRun(db, purpose);
  const runId = unfinished?.id ?? newRunId(db, now);
  let resolved: BlastResult['resolved'];
  if (!o.dryRun) {
    // We hold the profile lock, so a row still `sending` belongs to a run that died.
    markStaleSendingUnknown(db, purpose);
    if (deps.sms)
      resolved = await resolveUnknownTexts(
        { db, twilio: deps.sms, now: () => io.now() },
        unfinished?.id,
      );
  }
  const available = (o.dryRun ? deps.assumeChannels : undefined) ?? {
    sms: deps.sms !== undefined,
    email: deps.openMailer !== undefined,
  };
  const linkSources = {
    fortis: deps.ports.fortis !== undefined,
    cashpractice: deps.ports.cashpractice !== undefined,
  };
  const plan = planBlast(db, {
    runId,
    resumed: unfinished !== undefined,
    audiences: o.audiences,
    asOf,
    day: o.date ?? asOf,
    expiringWithinDays: o.within ?? config.number('cards.expiring_within_days'),
    patientIds: o.patientIds,
    channel: o.channel,
    limit: o.limit,
    cooldownDays: config.number('messaging.cooldown_days'),
    requireSmsConsent: config.boolean('messaging.require_sms_consent'),
    available,
    linkSources,
    templates,
    practice,
    now,
  });
  const result = (outcome: BlastOutcome, send?: SendSummary): BlastResult => ({
    outcome,
    plan,
    send,
    window: windowText,
    resolved,
  });
  deps.onPlan?.(plan, resolved);
  if (o.dryRun) return result('dry_run');
  if (!state.inside && !o.schedule) return result('quiet_hours');
  const total = plan.sends.length + plan.pending;
  if (total === 0) {
    if (unfinished) setRunStatus(db, runId, 'done', now);
    return result('nothing_to_send');
  }
  if (!o.yes) {
    const texts = plan.sends.filter((s) => s.channel === 'sms').length;
    const question = `Send ${total} card-update message${total === 1 ? '' : 's'} (${texts} text${texts === 1 ? '' : 's'}, ${plan.sends.length - texts} email${plan.sends.length - texts === 1 ? '' : 's'}${plan.pending ? `, ${plan.pending} left from run ${runId}` : ''})?`;
    if (!(await deps.confirm(question))) return result('declined');
  }

  // Every intended message is in the ledger before any link or message is made.
  db.transaction(() => {
    createRun(db, {
      id: runId,
      purpose,
      audience: o.patientIds ? 'patients' : o.audiences.join(','),
      channels: o.channel,
      at: now,
    });
    for (const s of plan.sends) {
      planMessage(
        db,
        {
          runId,
          patientId: s.patientId,
          channel: s.channel,
          purpose,
          dedupeKey: dedupeKey(purpose, s.patientId, s.channel, runId),
          template: s.channel === 'sms' ? templates.origin.sms : templates.origin.emailHtml,
          to: s.to,
          segments: s.channel === 'sms' ? s.segments : undefined,
        },
        now,
      );
    }
  })();
  if (!state.inside) {
    setRunStatus(db, runId, 'scheduled', now);
    return result('scheduled');
  }
  setRunStatus(db, runId, 'sending', now);

  const mailer = deps.openMailer ? await deps.openMailer() : undefined;
  const expiring = o.within ?? config.number('cards.expiring_within_days');
  const requireConsent = config.boolean('messaging.require_sms_consent');
  let send: SendSummary;
  try {
    send = await sendPlannedMessages(
      {
        messages: plannedOf(db, runId),
        validitySeconds: Math.max(60, Math.min(state.secondsLeft, 36_000)),
        concurrency: 4,
        ...(deps.onSendProgress ? { onProgress: deps.onSendProgress } : {}),
        prepare: async (row) => prepare(row),
        fallbackToEmail: (row) => {
          if (o.channel !== 'both' || !mailer || row.patient_id === null) return undefined;
          const c = contactRow(db, row.patient_id);
          if (!c || channelBlock(contactFacts(db, c), 'email', requireConsent)) return undefined;
          const planned = planMessage(
            db,
            {
              runId,
              patientId: row.patient_id,
              channel: 'email',
              purpose,
              dedupeKey: dedupeKey(purpose, row.patient_id, 'email', runId),
              template: templates.origin.emailHtml,
              to: c.email,
              linkId: row.link_id ?? undefined,
            },
            io.now(),
          );
          return planned.status === 'planned' ? planned : undefined;
        },
      },
      {
        db,
        now: () => io.now(),
        sms: deps.sms,
        mailer,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        log: (line) => io.warn(line),
      },
    );
  } finally {
    mailer?.close();
  }
  const outcome: BlastOutcome = send.aborted
    ? 'aborted'
    : send.failed > 0 || send.unknown > 0
      ? 'partial'
      : 'done';
  setRunStatus(db, runId, outcome === 'done' ? 'done' : outcome, io.now(), {
    planned: total,
    sent: send.sent,
    failed: send.failed,
    unknown: send.unknown,
    skipped: { ...plan.skipped, ...send.skipped },
    failed_codes: send.failedCodes,
    audiences: plan.audiences,
  });
  return result(outcome, send);

  /** Re-checks the rules, makes (or reuses) the patient's link, and composes the message. */
  async function prepare(row: MessageRow): Promise<Prepared> {
    if (row.patient_id === null || !row.to_address) return { skip: 'no_address' };
    const c = contactRow(db, row.patient_id);
    if (!c) return { skip: 'patient_removed' };
    const block = channelBlock(contactFacts(db, c), row.channel, requireConsent);
    if (block) return { skip: block };
    const facts = loadFacts(db, [row.patient_id]).get(row.patient_id);
    const card = facts
      ? derivePatient(facts, asOf, {
          expiringWithinDays: expiring,
          balanceThresholdCents: 0,
          periodAnchor: 'calendar',
        }).card
      : undefined;
    const target = linkTarget(processorContacts(db, row.patient_id), card?.source, linkSources);
    const port = target ? deps.ports[target.source] : undefined;
    if (!target || !port) return { skip: 'no_processor' };
    const link = reserveCardUpdateLink(
      db,
      {
        apiId: cardUpdateApiId(runId, row.patient_id),
        source: target.source,
        patientId: row.patient_id,
        contactId: target.contactId,
        runId,
        amountCents: config.cents('card_update.amount'),
      },
      io.now(),
    );
    let url = link.url;
    if (!url) {
      try {
        const created = await port.create({
          apiId: link.api_id,
          amountCents: config.cents('card_update.amount'),
          contactId: target.contactId,
          email: c.email,
          mobile: c.mobile,
        });
        recordCardUpdateLink(db, link.id, created, io.now());
        url = created.url;
      } catch (err) {
        if (err instanceof ProviderValidationError) return { fail: 'link', message: err.message };
        throw err;
      }
    }
    setMessageLink(db, row.id, link.id);
    const values = cardUpdateValues(practice, c, card, url);
    if (row.channel === 'sms') {
      return {
        channel: 'sms',
        to: row.to_address,
        body: composeSms(templates, values, !hasTextedBefore(db, row.to_address)),
      };
    }
    return { channel: 'email', email: composeEmail(templates, values, practice, row.to_address) };
  }
}
