import type { Register } from './wrap.js';

/** `trackstat purge --older-than 3y`: deletes old history from the cache (SPEC §4 Privacy). */
export const register: Register = (program, wrap) => {
  program
    .command('purge')
    .description('delete old history (messages, payments, visits, audit lines) from the cache')
    .requiredOption('--older-than <age>', 'delete history older than this: 3y, 18m or 90d')
    .option('--dry-run', 'only show what would be deleted')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--json', 'print the plan and result as JSON on stdout')
    .addHelpText(
      'after',
      `\nDeletes messages, blast runs, audit lines, transactions, declined payments, appointments,
charges and posted payments older than the age. Patients, cards, plans, invoices and payment links
are never deleted; unpaid declines and charges and not-yet-exported posted payments are kept.

Examples:
  $ trackstat purge --older-than 3y --dry-run
  $ trackstat purge --older-than 18m --yes`,
    )
    .action(
      wrap<{ olderThan: string; dryRun?: boolean; yes?: boolean; json?: boolean }>(
        async (ctx, _args, opts) => {
          const { runPurge } = await import('./purge-run.js');
          return runPurge(ctx, {
            olderThan: opts.olderThan,
            dryRun: opts.dryRun === true,
            yes: opts.yes === true,
            json: opts.json === true,
          });
        },
      ),
    );
};
