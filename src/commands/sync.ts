import { ExitCode } from '../terminal/exit-codes.js';
import type { Register } from './wrap.js';

/** `trackstat sync`: pull processor data into the cache (incremental; --full re-reads everything). */
export const register: Register = (program, wrap) => {
  program
    .command('sync')
    .description(
      'pull payment-processor data into the local cache (every connected processor by default)',
    )
    .argument('[source]', 'fortis or cashpractice (default: every connected one)')
    .option('--full', 're-read everything and mark records that vanished upstream as removed')
    .option('--resource <name>', 'only this resource, e.g. contacts, tokens, transactions')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat sync\n  $ trackstat sync fortis --full\n  $ trackstat sync fortis --resource transactions --json',
    )
    .action(
      wrap<{ full?: boolean; resource?: string; json?: boolean }>(async (ctx, args, opts) => {
        ctx.lock();
        const [{ runSync }, { startProgress }, { printSyncReport }] = await Promise.all([
          import('../sync/run-sync.js'),
          import('../terminal/progress.js'),
          import('../sync/report.js'),
        ]);
        const progress = startProgress(ctx.io, 'Syncing…');
        let report;
        try {
          report = await runSync(
            { source: args[0], full: opts.full === true, resource: opts.resource },
            {
              db: await ctx.db(),
              io: ctx.io,
              config: ctx.config(),
              credentials: ctx.credentials(),
              onProgress: (p) =>
                progress.update(
                  `${p.source} ${p.resource}: page ${p.page}, ${p.fetched.toLocaleString('en-US')}${p.total !== null ? ` of ${p.total.toLocaleString('en-US')}` : ''} records`,
                ),
            },
          );
        } catch (err) {
          progress.fail('Sync failed');
          throw err;
        }
        if (report.exitCode === ExitCode.Ok) progress.succeed('Sync finished');
        else progress.fail('Sync finished with errors');
        const totals = printSyncReport(report, ctx.io, opts.json === true);
        await ctx.audit(totals);
        return report.exitCode;
      }),
    );
};
