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
            { key: 'values', kind: 'list', value: (r) => r.fields },
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
    .option('--purge', 'also delete every cached record of that processor')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat disconnect fortis\n  $ trackstat disconnect cashpractice --purge',
    )
    .action(
      wrap<{ purge?: boolean }>(async (ctx, args, opts) => {
        const name = (args[0] ?? '').toLowerCase() as Provider;
        if (!providers.includes(name)) {
          throw new UsageError(
            `Unknown provider "${args[0] ?? ''}".`,
            `Use one of: ${providers.join(', ')}.`,
          );
        }
        ctx.lock();
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
        if (opts.purge) {
          if (name !== 'fortis' && name !== 'cashpractice') {
            throw new UsageError(
              '--purge applies to payment processors only (fortis, cashpractice).',
            );
          }
          const { purgeSource } = await import('../store/processor-records.js');
          const rows = purgeSource(await ctx.db(), name);
          ctx.io.info(`Deleted ${rows.toLocaleString('en-US')} cached ${name} rows.`);
          await ctx.audit({ purged_rows: rows });
        }
      }),
    );
};
