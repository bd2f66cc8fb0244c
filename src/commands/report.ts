import type { Register } from './wrap.js';

// No default value: commander would print "(default: [])" after every repeatable option.
const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

const examples = `
Reports:
  appointments   the daily huddle list: cards, missing payments, memberships, balances (default: today)
  patients       every patient with card, plan, membership, visits and balances
  plans          recurring and treatment plans: who is behind and when they are next in
  memberships    membership use this period: over the limit, not scheduled, under-used
  weekly         treatment-plan pacing over the current week and the four before it
  cards          every card with its status and how it was last updated, and patients with no card

Dates: YYYY-MM-DD, today, tomorrow, yesterday, or a weekday (the next one, today included).
Filters apply to the reports named in brackets.

Examples:
  $ trackstat report appointments --today
  $ trackstat report appointments --date monday --flagged
  $ trackstat report appointments --flag PLAN_BEHIND --flag DEPOSIT_UNPAID --provider "Dr. Lee"
  $ trackstat report patients --card expired --format csv --output expired.csv
  $ trackstat report plans --behind
  $ trackstat report appointments --list-columns`;

/** `trackstat report NAME`: the six reports of DOMAIN §3, in any output format. */
export const register: Register = (program, wrap) => {
  program
    .command('report')
    .description('print a report: appointments, patients, plans, memberships, weekly, cards')
    .argument('[name]', 'appointments, patients, plans, memberships, weekly or cards')
    .option('--today', 'the report date is today in the practice time zone (the default)')
    .option('--tomorrow', 'the report date is tomorrow')
    .option('--date <date>', 'the report date: YYYY-MM-DD or a word such as monday')
    .option('--from <date>', 'first date of a range [appointments]')
    .option('--to <date>', 'last date of a range [appointments]')
    .option('--provider <name>', 'only this provider; repeatable [appointments]', collect)
    .option('--location <name>', 'only this location; repeatable [appointments, patients]', collect)
    .option(
      '--type <type>',
      'appointment type [appointments] or case type [weekly]; repeatable',
      collect,
    )
    .option(
      '--status <status>',
      'appointment status [appointments] or card status [cards]; repeatable',
      collect,
    )
    .option('--flag <FLAG>', 'only rows with this flag; repeatable [appointments]', collect)
    .option('--flagged', 'only rows with at least one flag [appointments]')
    .option(
      '--all-statuses',
      'include cancelled, rescheduled and removed appointments [appointments]',
    )
    .option('--active', 'only active patients [patients]')
    .option(
      '--card <status>',
      'card status none, expired, expiring or ok; repeatable [patients]',
      collect,
    )
    .option('--behind', 'only plans behind on payments [patients, plans]')
    .option('--no-next-visit', 'only patients with no future appointment [patients]')
    .option('--over-limit', 'only memberships over their limit [patients, memberships]')
    .option('--not-scheduled', 'only members with nothing booked [memberships]')
    .option('--under-used', 'only members using less than allowed late in the period [memberships]')
    .option('--tag <tag>', 'only patients with this tag; repeatable [patients, weekly]', collect)
    .option(
      '--search <text>',
      'name, account, email or phone contains the text [all but appointments]',
    )
    .option(
      '--care-status <status>',
      'acute, corrective or maintenance; repeatable [weekly]',
      collect,
    )
    .option('--include-completed', 'include completed treatment plans [weekly]')
    .option(
      '--format <format>',
      'table, csv, tsv, json or ndjson (default: table on a terminal, else csv)',
    )
    .option('--output <file>', 'write to this file (mode 0600); the format follows its extension')
    .option('--bom', 'start CSV/TSV with a byte-order mark (for Excel)')
    .option('--columns <keys>', 'choose and order columns, e.g. time,patient,flags')
    .option('--list-columns', 'list the columns of the report and exit')
    .addHelpText('after', examples)
    .action(
      wrap<Record<string, unknown>>(async (ctx, [name], opts) => {
        const [{ checkReportName, buildRequest }, { runReport, outputFormat }] = await Promise.all([
          import('../reports/request.js'),
          import('../reports/run.js'),
        ]);
        const report = checkReportName(name);
        const output = {
          format: opts.format as string | undefined,
          output: opts.output as string | undefined,
          bom: opts.bom === true,
          columns: opts.columns as string | undefined,
          listColumns: opts.listColumns === true,
        };
        const config = ctx.config();
        const request = buildRequest(report, opts, {
          now: ctx.io.now(),
          timezone: () => config.timezone(),
          expiringWithinDays: config.number('cards.expiring_within_days'),
          balanceThresholdCents: config.cents('reports.balance_due_threshold'),
          periodAnchor:
            config.string('memberships.period_anchor') === 'billing' ? 'billing' : 'calendar',
          format: outputFormat(output, ctx.io.stdoutIsTTY),
        });
        await runReport(ctx, report, request, output);
      }),
    );
};
