import { stripControl } from '../terminal/sanitize.js';
import { commandGroup } from './groups.js';
import type { Register } from './wrap.js';

/** `trackstat connect fortis`: store and verify the Fortis user, key, location and developer ID. */
export const register: Register = (program, wrap) => {
  const connect = commandGroup(program, 'connect', 'store and verify provider credentials', [
    'trackstat connect fortis',
  ]);
  connect
    .command('fortis')
    .description('store and verify Fortis credentials (a Location Admin user with all privileges)')
    .option('--user-id <id>', 'Fortis user ID (or TRACKSTAT_FORTIS_USER_ID)')
    .option('--location-id <id>', 'Fortis location ID (or TRACKSTAT_FORTIS_LOCATION_ID)')
    .option('--developer-id <id>', 'Fortis developer ID (or TRACKSTAT_FORTIS_DEVELOPER_ID)')
    .option(
      '--user-api-key-stdin',
      'read the user API key from stdin (or set TRACKSTAT_FORTIS_USER_API_KEY); never a plain flag',
    )
    .option('--environment <env>', 'sandbox or production (default production); remembered')
    .option('--base-url <url>', 'API base URL (a proxy or the emulator); remembered')
    .option('--no-verify', 'store without calling Fortis')
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat connect fortis\n  $ printf %s "$FORTIS_KEY" | trackstat connect fortis --user-id 11e9… --location-id 11e9… --developer-id dev123 --user-api-key-stdin\n  $ trackstat connect fortis --environment sandbox`,
    )
    .action(
      wrap<{
        userId?: string;
        locationId?: string;
        developerId?: string;
        userApiKeyStdin?: boolean;
        environment?: string;
        baseUrl?: string;
        verify: boolean;
      }>(async (ctx, _args, opts) => {
        const { connectFortis } = await import('../integrations/fortis/connect.js');
        const result = await connectFortis(opts, {
          io: ctx.io,
          credentials: ctx.credentials(),
          config: ctx.config(),
        });
        const name = result.locationName ? `${stripControl(result.locationName)} ` : '';
        ctx.io.info(
          result.verified
            ? `Connected to Fortis: ${name}(location ${result.locationId}) at ${result.baseUrl}.`
            : `Fortis credentials stored (not verified) for location ${result.locationId} at ${result.baseUrl}.`,
        );
        if (result.keyFrom === 'env') {
          ctx.io.info(
            'The user API key comes from TRACKSTAT_FORTIS_USER_API_KEY and was not written to the credentials file.',
          );
        }
        ctx.io.info('Next: trackstat sync fortis');
      }),
    );
};
