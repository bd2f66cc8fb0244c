// Sends planned ledger rows, one at a time, recording each outcome before moving on. Shared by the
// card-update blast, invoices and the pay wall. The order per message is fixed: `sending` is
// committed before the provider call, and the outcome right after it, so a crash leaves at most one
// row whose outcome is unknown — and that row is resolved by asking the provider, never resent.
import { TrackstatError } from '../errors.js';
import { AuthError, ProviderError } from '../integrations/errors.js';
import type { Mailer, OutgoingEmail } from '../integrations/smtp/mailer.js';
import { EmailRejectedError, SmtpUnreachableError } from '../integrations/smtp/mailer.js';
import type { TwilioClient } from '../integrations/twilio/client.js';
import { TwilioSendError } from '../integrations/twilio/errors.js';
import type { Db } from '../store/db.js';
import { ExitCode } from '../terminal/exit-codes.js';
import {
  markFailed,
  markPlannedAgain,
  markSending,
  markSent,
  markSkipped,
  markUnknown,
  type MessageRow,
} from './ledger.js';
import { recordOptOut } from './opt-outs.js';

export type Prepared =
  | { channel: 'sms'; to: string; body: string }
  | { channel: 'email'; email: OutgoingEmail }
  | { skip: string }
  | { fail: string; message: string };

export interface SendDeps {
  db: Db;
  now(): Date;
  sms?: Pick<TwilioClient, 'send'> | undefined;
  mailer?: Pick<Mailer, 'send'> | undefined;
  sleep?(ms: number): Promise<void>;
  log?(line: string): void;
}

export interface SendOptions {
  messages: readonly MessageRow[];
  /** Builds the content of one message (may create its payment link); or says why to skip it. */
  prepare(row: MessageRow): Promise<Prepared>;
  /** Seconds a text stays deliverable (so nothing arrives after quiet hours start). */
  validitySeconds?: number | undefined;
  /** A number that cannot receive texts (21614/21635): an email row to send instead, if any. */
  fallbackToEmail?(row: MessageRow): MessageRow | undefined;
  onProgress?(done: number, total: number): void;
  /** Messages in flight at once (default 1; at most 8). */
  concurrency?: number | undefined;
}

export interface SendSummary {
  sent: number;
  failed: number;
  unknown: number;
  skipped: Record<string, number>;
  failedCodes: Record<string, number>;
  /** Why the run stopped early, if it did. */
  aborted: string | undefined;
}

/** The early-stop rule: more than 20% of the first 20 sends failed. */
const earlyWindow = 20;
const earlyMaxFailures = 4;

/** Sends the planned rows in order and returns what happened. Throws on errors that stop the run. */
export async function sendPlannedMessages(
  options: SendOptions,
  deps: SendDeps,
): Promise<SendSummary> {
  const { db } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const summary: SendSummary = {
    sent: 0,
    failed: 0,
    unknown: 0,
    skipped: {},
    failedCodes: {},
    aborted: undefined,
  };
  const queue = [...options.messages];
  let attempts = 0;
  let earlyFailures = 0;
  const fail = (row: MessageRow, code: string, message: string): void => {
    markFailed(db, row.id, code, message, deps.now());
    summary.failed += 1;
    summary.failedCodes[code] = (summary.failedCodes[code] ?? 0) + 1;
    if (attempts <= earlyWindow) earlyFailures += 1;
  };
  const skip = (row: MessageRow, reason: string): void => {
    markSkipped(db, row.id, reason, deps.now());
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
  };

  let next = 0;
  let stopped = false;
  const sendOne = async (row: MessageRow): Promise<void> => {
    if (summary.aborted) {
      skip(row, 'run_aborted');
      return;
    }
    const prepared = await options.prepare(row);
    if ('skip' in prepared) {
      skip(row, prepared.skip);
      return;
    }
    if ('fail' in prepared) {
      attempts += 1;
      fail(row, prepared.fail, prepared.message);
      return;
    }
    if (prepared.channel === 'sms' && !deps.sms) {
      skip(row, 'channel_not_connected');
      return;
    }
    if (prepared.channel === 'email' && !deps.mailer) {
      skip(row, 'channel_not_connected');
      return;
    }
    if (!markSending(db, row.id, deps.now())) return; // another run already took it
    attempts += 1;
    if (prepared.channel === 'sms') {
      await sendSms(row, prepared, options, deps, sleep, summary, fail, queue);
    } else {
      await sendEmail(row, prepared.email, deps, summary, fail);
    }
    if (!summary.aborted && earlyFailures > earlyMaxFailures) {
      summary.aborted = `more than 20% of the first ${earlyWindow} sends failed`;
      deps.log?.(`Stopping: ${summary.aborted}.`);
    }
  };
  // A few messages in flight (messaging.md: 1–4 requests); an error that stops the run stops
  // every worker after its current message, and is rethrown.
  const worker = async (): Promise<void> => {
    while (!stopped && next < queue.length) {
      const row = queue[next++]!;
      options.onProgress?.(next - 1, queue.length);
      try {
        await sendOne(row);
      } catch (err) {
        stopped = true;
        throw err;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, 8));
  const results = await Promise.allSettled(Array.from({ length: workers }, () => worker()));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  options.onProgress?.(queue.length, queue.length);
  return summary;
}

async function sendSms(
  row: MessageRow,
  msg: { to: string; body: string },
  options: SendOptions,
  deps: SendDeps,
  sleep: (ms: number) => Promise<void>,
  summary: SendSummary,
  fail: (row: MessageRow, code: string, message: string) => void,
  queue: MessageRow[],
): Promise<void> {
  const { db } = deps;
  for (let slowDowns = 0; ; slowDowns++) {
    try {
      const res = await deps.sms!.send({
        to: msg.to,
        body: msg.body,
        ...(options.validitySeconds !== undefined
          ? { validitySeconds: options.validitySeconds }
          : {}),
      });
      markSent(db, row.id, res.sid, deps.now());
      summary.sent += 1;
      return;
    } catch (err) {
      if (err instanceof TwilioSendError) {
        const code = String(err.code ?? 'twilio');
        switch (err.action) {
          case 'opt_out':
            // The patient replied STOP: record it so no text is ever attempted again.
            recordOptOut(db, 'sms', msg.to, `twilio ${code}`, deps.now());
            fail(row, code, 'recipient unsubscribed (replied STOP)');
            return;
          case 'not_mobile': {
            fail(row, code, 'not a mobile number');
            const fallback = options.fallbackToEmail?.(row);
            if (fallback) queue.push(fallback);
            return;
          }
          case 'slow_down':
            if (slowDowns < 3) {
              await sleep(2000 * 2 ** slowDowns);
              continue;
            }
            fail(row, code, err.message);
            return;
          case 'config':
            fail(row, code, err.message);
            throw new TrackstatError(
              `Twilio refused to send from this sender (error ${code}): ${err.message}`,
              ExitCode.NotConnected,
              'A trial account can text only verified numbers, and US texting from a 10-digit number needs A2P 10DLC registration (the clinic registers it in the Twilio Console). Fix it, then run again: unsent messages stay planned.',
            );
          case 'auth':
            markPlannedAgain(db, row.id); // never sent: credentials were refused
            throw new AuthError(`Twilio rejected the credentials (error ${code}).`, {
              provider: 'twilio',
              hint: 'Check the account SID and auth token, then run: trackstat connect twilio',
            });
          default:
            fail(row, code, err.message);
            return;
        }
      }
      if (err instanceof AuthError) {
        markPlannedAgain(db, row.id);
        throw err;
      }
      if (err instanceof ProviderError) {
        // Timeout or 5xx: Twilio may or may not have queued it. Never resend blindly.
        markUnknown(db, row.id, err.message);
        summary.unknown += 1;
        throw err;
      }
      markUnknown(db, row.id, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }
}

async function sendEmail(
  row: MessageRow,
  email: OutgoingEmail,
  deps: SendDeps,
  summary: SendSummary,
  fail: (row: MessageRow, code: string, message: string) => void,
): Promise<void> {
  try {
    const res = await deps.mailer!.send(email);
    markSent(deps.db, row.id, res.messageId, deps.now());
    summary.sent += 1;
  } catch (err) {
    if (err instanceof EmailRejectedError) {
      fail(row, String(err.responseCode ?? 'smtp'), err.message);
      return;
    }
    if (err instanceof SmtpUnreachableError || err instanceof AuthError) {
      markPlannedAgain(deps.db, row.id); // no connection, nothing was handed over
      throw err;
    }
    markUnknown(deps.db, row.id, err instanceof Error ? err.message : String(err));
    summary.unknown += 1;
    throw err;
  }
}
