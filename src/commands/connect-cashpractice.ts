import { stripControl } from '../terminal/sanitize.js';
import { commandGroup } from './groups.js';
import type { Register } from './wrap.js';

/** `trackstat connect cashpractice`: the "TrackStat API Key" from Cash Practice (provisional contract). */
export const register: Register = (program, wrap) => {
  const connect = commandGroup(program, 'connect', 'store and verify provider credentials', [
    'trackstat connect cashpractice',
  ]);
  connect
    .command('cashpractice')
    .description(
      'store the Cash Practice "TrackStat API Key" (My Account → System Settings → Integrated TPS Keys)',
    )
    .option('--api-key-stdin', 'read the key from stdin (or set TRACKSTAT_CASHPRACTICE_API_KEY)')
    .option(
      '--base-url <url>',
      'API base URL (the emulator, a proxy, or the confirmed Cash Practice URL); remembered',
    )
    .option('--no-verify', 'store without calling Cash Practice')
    .addHelpText(
      'after',
      `\nThe Cash Practice connector follows a provisional API contract (see the README).\n\nExamples:\n  $ trackstat connect cashpractice\n  $ printf %s "$CP_KEY" | trackstat connect cashpractice --api-key-stdin\n  $ trackstat connect cashpractice --api-key-stdin --base-url http://127.0.0.1:4010/cashpractice < key.txt`,
    )
    .action(
      wrap<{ apiKeyStdin?: boolean; baseUrl?: string; verify: boolean }>(
        async (ctx, _args, opts) => {
          const { connectCashPractice } = await import('../integrations/cashpractice/connect.js');
          const result = await connectCashPractice(opts, {
            io: ctx.io,
            credentials: ctx.credentials(),
            config: ctx.config(),
          });
          const name = result.practiceName ? ` (${stripControl(result.practiceName)})` : '';
          ctx.io.info(
            result.verified
              ? `Connected to Cash Practice${name} at ${result.baseUrl}.`
              : `Cash Practice key stored (not verified) for ${result.baseUrl}.`,
          );
          if (result.keyFrom === 'env') {
            ctx.io.info(
              'The key comes from TRACKSTAT_CASHPRACTICE_API_KEY and was not written to the credentials file.',
            );
          }
          ctx.io.info('Next: trackstat sync cashpractice');
        },
      ),
    );
};
