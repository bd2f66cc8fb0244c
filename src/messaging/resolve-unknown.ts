// Messages whose outcome is unknown (the run died between `sending` and the answer, or the provider
// timed out) are settled by asking Twilio what it has for that number since the attempt — the
// ledger never resends them blindly. Email has no such look-up: those stay `unknown` and reported.
import type { TwilioClient } from '../integrations/twilio/client.js';
import { twilioAcceptedStatuses } from '../integrations/twilio/client.js';
import type { Db } from '../store/db.js';
import {
  markFailed,
  markPlannedAgain,
  markSent,
  unknownMessages,
  type MessageRow,
} from './ledger.js';

export interface ResolveSummary {
  checked: number;
  sent: number;
  notSent: number;
  stillUnknown: number;
}

/**
 * Checks every unknown SMS with Twilio: found → `sent`; not found → never sent, so it goes back to
 * `planned` when it belongs to the run being resumed, else `failed` with code `not_sent` (a later
 * run may message the patient again).
 */
export async function resolveUnknownTexts(
  deps: { db: Db; twilio: Pick<TwilioClient, 'get' | 'listTo'>; now(): Date },
  resumeRunId: string | undefined,
): Promise<ResolveSummary> {
  const summary: ResolveSummary = { checked: 0, sent: 0, notSent: 0, stillUnknown: 0 };
  const rows = unknownMessages(deps.db).filter((r) => r.channel === 'sms');
  for (const row of rows) {
    summary.checked += 1;
    const found = await lookUp(row, deps.twilio);
    if (found === undefined) {
      summary.stillUnknown += 1;
    } else if (found.sid) {
      if (twilioAcceptedStatuses.has(found.status)) {
        markSent(deps.db, row.id, found.sid, deps.now());
        summary.sent += 1;
      } else {
        markFailed(
          deps.db,
          row.id,
          String(found.errorCode ?? found.status),
          found.status,
          deps.now(),
        );
        summary.notSent += 1;
      }
    } else if (resumeRunId !== undefined && row.run_id === resumeRunId) {
      markPlannedAgain(deps.db, row.id);
      summary.notSent += 1;
    } else {
      markFailed(deps.db, row.id, 'not_sent', 'Twilio has no record of it', deps.now());
      summary.notSent += 1;
    }
  }
  return summary;
}

/** Twilio's record of the message: a SID and status, `{}` when Twilio has none, undefined when unreachable. */
async function lookUp(
  row: MessageRow,
  twilio: Pick<TwilioClient, 'get' | 'listTo'>,
): Promise<{ sid?: string; status: string; errorCode?: number | undefined } | undefined> {
  try {
    if (row.provider_id) {
      const m = await twilio.get(row.provider_id);
      return { sid: m.sid, status: m.status, errorCode: m.errorCode };
    }
    if (!row.to_address) return { status: 'none' };
    // A minute of slack for clock differences between this machine and Twilio.
    const since = new Date(Date.parse(row.attempted_at ?? row.planned_at) - 60_000);
    const match = (await twilio.listTo(row.to_address, since))[0];
    return match
      ? { sid: match.sid, status: match.status, errorCode: match.errorCode }
      : { status: 'none' };
  } catch {
    return undefined;
  }
}
