// How a blast is shown: the plan and the summary on stderr (stdout stays for --json data).
import { describeReasons as counts, reasonText } from '../messaging/skip-reasons.js';
import type { Io } from '../terminal/io.js';
import type { BlastPlan } from './plan.js';
import type { BlastResult } from './run.js';

/** A stored run's counts as a line for people (blasts show), e.g. "sent 5, failed 0; skipped: over --limit 49". */
export function describeRunCounts(c: Record<string, unknown>): string {
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const map = (v: unknown): Record<string, number> =>
    v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, n]) => [k, num(n)]))
      : {};
  const failedCodes = Object.entries(map(c.failed_codes)).map(([code, n]) => `${code} ${n}`);
  return [
    `audience: ${counts(map(c.audiences))}`,
    `planned ${num(c.planned)}, sent ${num(c.sent)}, failed ${num(c.failed)}${failedCodes.length ? ` (${failedCodes.join(', ')})` : ''}, unknown ${num(c.unknown)}`,
    `skipped: ${counts(map(c.skipped))}`,
  ].join('; ');
}

/** Prints the plan: counts per audience and channel, skipped patients with the reason, segments. */
export function printPlan(io: Io, p: BlastPlan, resolved: BlastResult['resolved']): void {
  const texts = p.sends.filter((s) => s.channel === 'sms').length;
  io.info(`Card-update blast ${p.runId}${p.resumed ? ' (resuming an unfinished run)' : ''}`);
  io.info(`  audience: ${counts(p.audiences)}`);
  io.info(
    `  to send: ${p.sends.length} (texts ${texts}, emails ${p.sends.length - texts}; about ${p.segments} SMS segment${p.segments === 1 ? '' : 's'})${p.pending ? `; ${p.pending} still planned from this run` : ''}`,
  );
  io.info(`  skipped: ${counts(p.skipped)}`);
  // The first few skipped patients by name (all of them with --verbose), so the desk can follow up.
  const shown = io.verbose ? p.skippedPatients : p.skippedPatients.slice(0, 10);
  for (const s of shown) {
    io.info(
      `    ${s.name || `#${s.patientId}`}${s.account ? ` (${s.account})` : ''}: ${reasonText(s.reason)}`,
    );
  }
  if (shown.length < p.skippedPatients.length) {
    io.info(`    … and ${p.skippedPatients.length - shown.length} more (--verbose lists them all)`);
  }
  if (resolved && resolved.checked > 0) {
    io.info(
      `  earlier sends with unknown outcome: ${resolved.checked} checked with Twilio — ${resolved.sent} had been sent, ${resolved.notSent} had not, ${resolved.stillUnknown} still unknown`,
    );
  }
}

/** Prints how the run ended. */
export function printOutcome(io: Io, r: BlastResult): void {
  switch (r.outcome) {
    case 'dry_run':
      io.info('Dry run: nothing was sent or changed.');
      return;
    case 'quiet_hours':
      io.info(
        `nothing sent: quiet hours (send window ${r.window}). Use --schedule to queue the messages for the next window.`,
      );
      return;
    case 'declined':
      io.info('Nothing sent.');
      return;
    case 'nothing_to_send':
      io.info('Nothing to send.');
      return;
    case 'scheduled':
      io.info(
        `Outside the send window (${r.window}): the messages are planned and the next run inside the window sends them.`,
      );
      return;
    default: {
      const s = r.send;
      if (!s) return;
      const failed = Object.entries(s.failedCodes)
        .map(([code, n]) => `${code}×${n}`)
        .join(', ');
      io.info(
        `Sent ${s.sent}; failed ${s.failed}${failed ? ` (${failed})` : ''}; skipped ${counts(s.skipped)}${s.unknown ? `; outcome unknown ${s.unknown}` : ''}.`,
      );
      if (s.aborted)
        io.warn(
          `The run stopped early: ${s.aborted}. Check the failures with: trackstat blasts show ${r.plan.runId}`,
        );
    }
  }
}

/** The --json document. */
export function blastJson(r: BlastResult): Record<string, unknown> {
  return {
    run: r.plan.runId,
    outcome: r.outcome,
    resumed: r.plan.resumed,
    window: r.window,
    plan: {
      audiences: r.plan.audiences,
      sms: r.plan.sends.filter((s) => s.channel === 'sms').length,
      email: r.plan.sends.filter((s) => s.channel === 'email').length,
      pending: r.plan.pending,
      segments: r.plan.segments,
      skipped: r.plan.skipped,
      skipped_patients: r.plan.skippedPatients.map((s) => ({
        patient_id: s.patientId,
        account: s.account,
        reason: s.reason,
      })),
    },
    result: r.send
      ? {
          sent: r.send.sent,
          failed: r.send.failed,
          failed_codes: r.send.failedCodes,
          skipped: r.send.skipped,
          unknown: r.send.unknown,
          aborted: r.send.aborted ?? null,
        }
      : null,
    resolved_unknown: r.resolved ?? null,
  };
}
