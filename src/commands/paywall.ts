import { UsageError } from '../errors.js';
import type { Register } from './wrap.js';

/** `trackstat paywall set|list|remove|run|refunds`: payment up front for chosen appointment types. */
export const register: Register = (program, wrap) => {
  const paywall = program
    .command('paywall')
    .description('require payment up front for chosen appointment types')
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat paywall set "New Patient" --amount 75.00 --due-within 24h\n  $ trackstat paywall run --yes            (cron, every 15 minutes)\n  $ trackstat paywall refunds`,
    );

  paywall
    .command('set')
    .description('create or change the rule for an appointment type')
    .argument('<type>', 'appointment type as imported from the EHR, e.g. "New Patient"')
    .requiredOption('--amount <amount>', 'amount to collect, e.g. 75.00')
    .option('--mode <mode>', 'deposit or full', 'deposit')
    .option(
      '--due-within <duration>',
      'payment due this long before the visit (e.g. 24h, 2d)',
      '24h',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat paywall set "New Patient" --amount 75.00 --due-within 24h\n  $ trackstat paywall set Massage --amount 60 --mode full --due-within 2d',
    )
    .action(
      wrap<{ amount: string; mode: string; dueWithin: string }>(async (ctx, [typed], opts) => {
        const [{ parseRuleOptions }, rules, { formatDuration }, { formatCents }] =
          await Promise.all([
            import('../paywall/rule-options.js'),
            import('../paywall/rules.js'),
            import('../paywall/durations.js'),
            import('../terminal/render.js'),
          ]);
        const parsed = parseRuleOptions(opts);
        const db = await ctx.db();
        const type = rules.resolveAppointmentType(db, typed ?? '');
        const rule = rules.setRule(db, { type, ...parsed }, ctx.io.now());
        ctx.io.info(
          `Pay wall for "${rule.type}": ${formatCents(rule.amountCents)} (${rule.mode}), due ${formatDuration(rule.dueWithinMinutes)} before the visit.`,
        );
      }),
    );

  paywall
    .command('list')
    .description('list the pay-wall rules')
    .option('--format <format>', 'table, csv, tsv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat paywall list\n  $ trackstat paywall list --format json',
    )
    .action(
      wrap<{ format?: string }>(async (ctx, _args, opts) => {
        const [{ listRules }, { formatDuration }, { render, resolveFormat }] = await Promise.all([
          import('../paywall/rules.js'),
          import('../paywall/durations.js'),
          import('../terminal/render.js'),
        ]);
        await render({
          format: resolveFormat(opts.format, undefined, ctx.io.stdoutIsTTY),
          columns: [
            { key: 'type', value: (r) => r.type },
            { key: 'amount', kind: 'money', value: (r) => r.amountCents },
            { key: 'mode', value: (r) => r.mode },
            { key: 'due_within', value: (r) => formatDuration(r.dueWithinMinutes) },
          ],
          rows: listRules(await ctx.db()),
          out: ctx.io.stdout,
          color: ctx.io.color,
          width: ctx.io.columns,
          emptyText: 'No pay-wall rules. Add one with: trackstat paywall set TYPE --amount 75.00',
        });
      }),
    );

  paywall
    .command('remove')
    .description('remove the rule for an appointment type')
    .argument('<type>', 'appointment type')
    .addHelpText('after', '\nExamples:\n  $ trackstat paywall remove "New Patient"')
    .action(
      wrap(async (ctx, [type]) => {
        const { removeRule } = await import('../paywall/rules.js');
        const removed = removeRule(await ctx.db(), type ?? '');
        ctx.io.info(`Pay wall for "${removed}" removed.`);
      }),
    );

  paywall
    .command('run')
    .description('send payment links for upcoming pay-walled appointments and post payments')
    .option('--dry-run', 'print the plan; create and send nothing')
    .option('-y, --yes', 'do not ask for confirmation (for cron)')
    .option('--horizon <duration>', 'how far ahead to look (e.g. 7d, 48h)', '7d')
    .option(
      '--channel <channel>',
      'sms, email or both (text first, email when no text is allowed)',
      'both',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat paywall run --dry-run\n  $ trackstat paywall run --yes --horizon 3d',
    )
    .action(
      wrap<{ dryRun?: boolean; yes?: boolean; horizon: string; json?: boolean; channel: string }>(
        async (ctx, _args, opts) => {
          const { parseDurationMinutes } = await import('../paywall/durations.js');
          const horizonMinutes = parseDurationMinutes(opts.horizon);
          if (horizonMinutes === undefined || horizonMinutes <= 0) {
            throw new UsageError(
              `--horizon must be a duration such as 7d or 48h, not "${opts.horizon}".`,
            );
          }
          const { paywallRunCommand } = await import('../paywall/command-run.js');
          return paywallRunCommand(ctx, {
            dryRun: opts.dryRun === true,
            yes: opts.yes === true,
            horizonMinutes,
            json: opts.json === true,
            channel: opts.channel,
          });
        },
      ),
    );

  paywall
    .command('refunds')
    .description(
      'list pay-wall payments of cancelled or rescheduled appointments, for refund review',
    )
    .option('--format <format>', 'table, csv, tsv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat paywall refunds\n  $ trackstat paywall refunds --format csv > refunds.csv',
    )
    .action(
      wrap<{ format?: string }>(async (ctx, _args, opts) => {
        const [{ refundCandidates }, { render, resolveFormat }] = await Promise.all([
          import('../paywall/refunds.js'),
          import('../terminal/render.js'),
        ]);
        const rows = refundCandidates(await ctx.db());
        await render({
          format: resolveFormat(opts.format, undefined, ctx.io.stdoutIsTTY),
          columns: [
            { key: 'date', kind: 'date', value: (r) => r.date },
            { key: 'patient', value: (r) => r.patient },
            { key: 'account', value: (r) => r.account },
            { key: 'type', value: (r) => r.type },
            { key: 'reason', value: (r) => r.reason },
            { key: 'amount', kind: 'money', value: (r) => r.amountCents },
            { key: 'paid_at', value: (r) => r.paidAt },
            { key: 'transaction_id', value: (r) => r.transactionId },
            { key: 'appointment_id', value: (r) => r.appointmentId },
          ],
          rows,
          out: ctx.io.stdout,
          color: ctx.io.color,
          width: ctx.io.columns,
          emptyText: 'No pay-wall payments to review for a refund.',
        });
        await ctx.audit({ refund_candidates: rows.length });
      }),
    );
};
