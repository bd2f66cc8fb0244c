// Wires `trackstat paywall run` to the profile: lock, cache, Fortis paylinks, messaging, output.
import type { CommandContext } from '../commands/context.js';
import { NotConnectedError, UsageError } from '../errors.js';
import { ExitCode, type ExitCodeValue } from '../terminal/exit-codes.js';
import { confirm } from '../terminal/prompt.js';
import { formatCents } from '../terminal/render.js';
import { describeReasons } from '../messaging/skip-reasons.js';
import { deliverLinks, type DeliverySummary } from './deliver.js';
import { describeItem, runPaywall, type PaywallMessage } from './run.js';

export interface PaywallRunFlags {
  dryRun: boolean;
  yes: boolean;
  horizonMinutes: number;
  json: boolean;
  channel?: string | undefined;
}

function parseChannel(value: string | undefined): 'sms' | 'email' | 'both' {
  const v = (value ?? 'both').toLowerCase();
  if (v === 'sms' || v === 'email' || v === 'both') return v;
  throw new UsageError(`--channel must be sms, email or both, not "${value}".`);
}

function messageValues(m: PaywallMessage) {
  const [date = '', time = ''] = m.item.startLocal.split('T');
  return {
    PaymentLink: m.url,
    AmountDue: `$${formatCents(m.item.amountCents)}`,
    AppointmentDate: date,
    AppointmentTime: time.slice(0, 5),
    AppointmentType: m.item.type,
    DueDate: m.item.dueAt.slice(0, 10),
  };
}

/** Runs the pay wall for a profile; returns the exit code. */
export async function paywallRunCommand(
  ctx: CommandContext,
  flags: PaywallRunFlags,
): Promise<ExitCodeValue> {
  const { io } = ctx;
  const channel = parseChannel(flags.channel);
  if (!flags.dryRun) ctx.lock();
  const db = await ctx.db();
  const config = ctx.config();
  const timeZone = config.string('timezone') ?? 'UTC';
  let delivery: DeliverySummary | null = null;
  const result = await runPaywall(
    { dryRun: flags.dryRun, horizonMinutes: flags.horizonMinutes, timeZone, source: 'fortis' },
    {
      db,
      now: () => io.now(),
      info: (line) => io.info(line),
      confirm: async (plan) => {
        // Links are Fortis paylinks: say so before showing a plan and asking about it.
        const { loadFortisConnection } = await import('../integrations/fortis/connection.js');
        try {
          loadFortisConnection(config, ctx.credentials());
        } catch (err) {
          if (err instanceof NotConnectedError)
            throw new NotConnectedError(
              err.message,
              'The pay wall sends Fortis payment links (Cash Practice cannot report a paid pay-now link yet). Connect Fortis with: trackstat connect fortis',
            );
          throw err;
        }
        io.info(
          `Pay wall plan: ${plan.length} appointment${plan.length === 1 ? '' : 's'} to send a link for:`,
        );
        for (const item of plan) io.info(`  ${describeItem(item)}`);
        if (flags.yes) return true;
        return confirm(io, { message: 'Create the links and send them?', flag: '--yes' });
      },
      paylinks: async () => {
        const [{ fortisClientFor }, { fortisPaylinkPort }] = await Promise.all([
          import('../integrations/fortis/connection.js'),
          import('./fortis-port.js'),
        ]);
        return fortisPaylinkPort(fortisClientFor({ io, config, credentials: ctx.credentials() }));
      },
      sender: async () => ({
        send: async (messages) => {
          delivery = await deliverLinks(
            'paywall',
            messages.map((m) => ({
              patientId: m.item.patientId,
              period: m.item.appointmentId,
              linkId: m.linkId,
              values: messageValues(m),
            })),
            channel,
            {
              db,
              io,
              config,
              credentials: ctx.credentials(),
              templatesDir: ctx.paths.templates,
              timeZone,
            },
          );
          return {
            sent: delivery.sent,
            failed: delivery.failed + delivery.unknown,
            skipped: Object.values(delivery.skipped).reduce((a, b) => a + b, 0),
            reasons: delivery.skipped,
          };
        },
      }),
    },
  );
  if (flags.dryRun) {
    // With --json the plan is part of the one JSON document (plain lines before it would break it).
    const lines = flags.json ? [] : result.plan.map(describeItem);
    io.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    io.info(
      `Dry run: ${result.plan.length} appointment${result.plan.length === 1 ? '' : 's'} would get a pay-wall link; nothing was created or sent.`,
    );
  }
  const summary = {
    posted: result.reconciled.posted,
    moved: result.reconciled.moved,
    planned: result.plan.length,
    links_created: result.created,
    links_reused: result.reused,
    link_failures: result.linkFailures.length,
    sent: result.send?.sent ?? 0,
    send_failed: result.send?.failed ?? 0,
    skipped: result.send?.reasons ?? {},
    ...(flags.dryRun
      ? {
          plan: result.plan.map((item) => ({
            appointment_id: item.appointmentId,
            start: item.startLocal,
            patient: item.patientName,
            account: item.account,
            type: item.type,
            amount_cents: item.amountCents,
            mode: item.mode,
            action: item.existing?.url ? 'resend_link' : 'new_link',
          })),
        }
      : {}),
  };
  if (flags.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else if (!flags.dryRun) {
    const skipped = Object.keys(summary.skipped).length ? describeReasons(summary.skipped) : '';
    io.info(
      `Pay wall: ${summary.posted} payment${summary.posted === 1 ? '' : 's'} posted, ${summary.links_created} link${summary.links_created === 1 ? '' : 's'} created, ${summary.sent} message${summary.sent === 1 ? '' : 's'} sent${skipped ? `, not sent: ${skipped}` : ''}.`,
    );
    if (summary.skipped.quiet_hours)
      io.info('Nothing sent: quiet hours. The next run inside the window sends them.');
  }
  for (const f of result.linkFailures)
    io.warn(`Link not created for appointment ${f.appointmentId}: ${f.error}`);
  if (result.stopped && result.stopped.notAttempted > 0)
    io.warn(
      `Stopped creating links: ${result.stopped.notAttempted} more appointment${result.stopped.notAttempted === 1 ? '' : 's'} not attempted; the next run creates them.`,
    );
  await ctx.audit({
    planned: summary.planned,
    links_created: summary.links_created,
    messages_sent: summary.sent,
    payments_posted: summary.posted,
    ...(flags.dryRun ? { dry_run: 1 } : {}),
  });
  if (!flags.dryRun && result.plan.length > 0 && !result.confirmed)
    io.info('Nothing was created or sent.');
  // Nothing could be done because of Fortis itself: its own exit code (5 or 6) and fix.
  if (result.stopped && result.created === 0 && result.reused === 0) throw result.stopped.error;
  return result.linkFailures.length > 0 || summary.send_failed > 0 ? ExitCode.Partial : ExitCode.Ok;
}
