import { UsageError } from '../errors.js';
import type { Register } from './wrap.js';

/** `trackstat audit`: who read, exported, sent or created what (counts only). */
export const register: Register = (program, wrap) => {
  program
    .command('audit')
    .description('list the audit trail of bulk reads, exports, sends and creations')
    .option('--limit <n>', 'how many lines', '50')
    .option('--since <date>', 'only lines at or after this date (YYYY-MM-DD)')
    .option('--format <format>', 'table, csv, tsv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat audit --limit 20\n  $ trackstat audit --since 2026-11-01 --format csv',
    )
    .action(
      wrap<{ limit: string; since?: string; format?: string }>(async (ctx, _args, opts) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UsageError('--limit must be a positive whole number.');
        const [{ listAudit }, { render, resolveFormat }, { isIsoDate }] = await Promise.all([
          import('../store/audit.js'),
          import('../terminal/render.js'),
          import('../domain/dates.js'),
        ]);
        // A real calendar date: 2026-13-01 matched the pattern and listed everything.
        if (opts.since !== undefined && !isIsoDate(opts.since)) {
          throw new UsageError(`--since "${opts.since}" is not a date such as 2026-11-01.`);
        }
        const rows = listAudit(await ctx.db(), { limit, since: opts.since });
        await render({
          format: resolveFormat(opts.format, undefined, ctx.io.stdoutIsTTY),
          columns: [
            { key: 'at', value: (r) => r.at },
            { key: 'command', value: (r) => r.command },
            { key: 'profile', value: (r) => r.profile },
            {
              key: 'counts',
              value: (r) =>
                Object.entries(r.counts)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' '),
            },
            { key: 'output_file', value: (r) => r.output_file },
          ],
          rows,
          out: ctx.io.stdout,
          color: ctx.io.color,
          width: ctx.io.columns,
          emptyText: 'No audit lines yet.',
        });
      }),
    );
};
