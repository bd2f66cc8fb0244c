import { UsageError } from '../errors.js';
import type { Register } from './wrap.js';

const providers = ['fortis', 'cashpractice', 'twilio', 'smtp'] as const;
type Provider = (typeof providers)[number];

/** `trackstat connections` (alias `status`) and `trackstat disconnect NAME [--purge]`. */
export const register: Register = (program, wrap) => {
  program
    .command('connections')
    .alias('status')
    .description('show every provider: connected or not, where each value comes from, last sync')
    .option('--format <format>', 'table, csv, tsv, json or ndjson')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat connections\n  $ trackstat status --format json',
    )
    .action(
      wrap<{ format?: string }>(async (ctx, _args, opts) => {
        const [{ listConnections }, { render, resolveFormat }] = await Promise.all([
          import('../sync/connections.js'),
          import('../terminal/render.js'),
        ]);
        const rows = listConnections({
          credentials: ctx.credentials(),
          config: ctx.config(),
          db: await ctx.db(),
        });
        await render({
          format: resolveFormat(opts.format, undefined, ctx.io.stdoutIsTTY),
          columns: [
            { key: 'provider', value: (r) => r.provider },
            {
              key: 'connected',
              kind: 'bool',
              value: (r) => r.connected,
              tone: (r) => (r.connected ? 'green' : 'dim'),
            },
            // "; " because a value such as a practice name has spaces of its own.
            { key: 'values', kind: 'list', listSeparator: '; ', value: (r) => r.fields },
            { key: 'last_sync', value: (r) => r.lastSync },
            { key: 'last_full_sync', value: (r) => r.lastFull },
          ],
          rows,
          out: ctx.io.stdout,
          color: ctx.io.color,
          width: ctx.io.columns,
        });
      }),
    );

  program
    .command('disconnect')
    .description("forget a provider's stored credentials (--purge also deletes its cached data)")
    .argument('<name>', providers.join(', '))
    .option('--purge', 'also delete every cached record of that processor (asks first)')
    .option('-y, --yes', 'do not ask before --purge deletes (for scripts)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat disconnect fortis\n  $ trackstat disconnect cashpractice --purge\n  $ trackstat disconnect fortis --purge --yes',
    )
    .action(
      wrap<{ purge?: boolean; yes?: boolean }>(async (ctx, args, opts) => {
        const name = (args[0] ?? '').toLowerCase() as Provider;
        if (!providers.includes(name)) {
          throw new UsageError(
            `Unknown provider "${args[0] ?? ''}".`,
            `Use one of: ${providers.join(', ')}.`,
          );
        }
        // Checked before anything changes (it used to fail after removing the credentials).
        const processor = name === 'fortis' || name === 'cashpractice' ? name : undefined;
        if (opts.purge && processor === undefined) {
          throw new UsageError(
            '--purge applies to payment processors only (fortis, cashpractice).',
          );
        }
        ctx.lock();
        if (opts.purge && processor !== undefined && opts.yes !== true) {
          // Deleting data is plan → confirm like purge: counts first, --yes for scripts, exit 4
          // without a terminal; declining changes nothing, credentials included.
          const [{ countSource }, { confirm }] = await Promise.all([
            import('../store/processor-records.js'),
            import('../terminal/prompt.js'),
          ]);
          const rows = countSource(await ctx.db(), processor);
          if (rows > 0) {
            ctx.io.info(
              `--purge deletes ${rows.toLocaleString('en-US')} cached ${name} rows: its records, patient links, matching decisions and sync state.`,
            );
            const go = await confirm(ctx.io, {
              message: `Forget ${name} and delete these ${rows.toLocaleString('en-US')} rows?`,
              flag: '--yes',
            });
            if (!go) {
              ctx.io.info('Nothing was changed.');
              return;
            }
          }
        }
        const credentials = ctx.credentials();
        const fromEnv = Object.entries(credentials.get(name)?.sources ?? {})
          .filter(([, from]) => from === 'env')
          .map(([field]) => field);
        const removed = credentials.remove(name);
        ctx.io.info(
          removed ? `Removed the stored ${name} credentials.` : `No stored ${name} credentials.`,
        );
        if (fromEnv.length > 0) {
          ctx.io.warn(
            `Environment variables still provide ${fromEnv.join(', ')} for ${name}; unset them to disconnect fully.`,
          );
        }
        if (opts.purge && processor !== undefined) {
          const { purgeSource } = await import('../store/processor-records.js');
          const rows = purgeSource(await ctx.db(), processor);
          ctx.io.info(`Deleted ${rows.toLocaleString('en-US')} cached ${name} rows.`);
          await ctx.audit({ purged_rows: rows });
        }
      }),
    );
};
