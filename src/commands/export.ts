import { UsageError } from '../errors.js';
import { commandGroup } from './groups.js';
import type { Register } from './wrap.js';

/** `trackstat export posted-payments`: the pay wall's posted payments as CSV for the EHR ledger. */
export const register: Register = (program, wrap) => {
  commandGroup(program, 'export', 'write local records as files for other systems', [
    'trackstat export posted-payments --output payments.csv',
  ])
    .command('posted-payments')
    .description(
      'write posted pay-wall payments as CSV for the EHR ledger import; marks them exported',
    )
    .option('--since <date>', 'only payments made on or after this date (YYYY-MM-DD)')
    .option('--all', 'include payments already exported')
    .option('--output <file>', 'write to this file (mode 0600) instead of stdout')
    .option('--format <format>', 'csv (default), tsv, json or ndjson')
    .option('--bom', 'start the CSV with a byte-order mark for Excel')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat export posted-payments --output payments.csv\n  $ trackstat export posted-payments --all --since 2026-11-01',
    )
    .action(
      wrap<{ since?: string; all?: boolean; output?: string; format?: string; bom?: boolean }>(
        async (ctx, _args, opts) => {
          const { isIsoDate } = await import('../domain/dates.js');
          if (opts.since !== undefined && !isIsoDate(opts.since)) {
            throw new UsageError('--since must be a date such as 2026-11-01.');
          }
          const { exportPostedPayments } = await import('../paywall/export-command.js');
          await exportPostedPayments(ctx, {
            since: opts.since,
            all: opts.all === true,
            output: opts.output,
            format: opts.format,
            bom: opts.bom === true,
          });
        },
      ),
    );
};
