import { commandGroup } from './groups.js';
import type { Register } from './wrap.js';

/** `trackstat connect twilio` and `trackstat connect smtp`: credentials for texts and email. */
export const register: Register = (program, wrap) => {
  const connect = commandGroup(program, 'connect', 'store and verify provider credentials', [
    'trackstat connect twilio --from +15551234567',
    'trackstat connect smtp --host smtp.example.com --from desk@clinic.com --test you@clinic.com',
  ]);

  connect
    .command('twilio')
    .description('store the Twilio account SID, auth token and sender for texts')
    .option('--account-sid <sid>', 'account SID (AC…); or TRACKSTAT_TWILIO_ACCOUNT_SID')
    .option('--auth-token-stdin', 'read the auth token from stdin (or TRACKSTAT_TWILIO_AUTH_TOKEN)')
    .option('--from <number>', 'sender phone number (E.164)')
    .option('--messaging-service-sid <sid>', 'send through a Messaging Service (MG…) instead')
    .option('--base-url <url>', 'API base URL (a proxy or a test server)')
    .option('--no-verify', 'store without calling Twilio')
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat connect twilio --from +15551234567\n  $ printf %s "$TOKEN" | trackstat connect twilio --account-sid AC… --auth-token-stdin --from +15551234567`,
    )
    .action(
      wrap<{
        accountSid?: string;
        authTokenStdin?: boolean;
        from?: string;
        messagingServiceSid?: string;
        baseUrl?: string;
        verify: boolean;
      }>(async (ctx, _args, opts) => {
        const { connectTwilio } = await import('../messaging/connect-twilio.js');
        const result = await connectTwilio(opts, {
          io: ctx.io,
          credentials: ctx.credentials(),
        });
        ctx.io.info(
          opts.verify
            ? `Connected to Twilio${result.accountName ? ` (${result.accountName})` : ''}.`
            : 'Twilio credentials stored (not verified).',
        );
      }),
    );

  connect
    .command('smtp')
    .description('store the SMTP server, login and From address for email')
    .option('--host <host>', 'SMTP server host name')
    .option('--port <port>', 'port (465 implicit TLS, 587 STARTTLS)')
    .option('--tls <mode>', 'tls, starttls or none')
    .option('--user <user>', 'login user name')
    .option('--password-stdin', 'read the password from stdin (or TRACKSTAT_SMTP_PASSWORD)')
    .option('--from <address>', 'From address, e.g. "Clinic <desk@clinic.com>"')
    .option('--test <address>', 'send a test email to this address')
    .option('--no-verify', 'store without connecting')
    .addHelpText(
      'after',
      `\nExamples:\n  $ trackstat connect smtp --host smtp.example.com --user desk@clinic.com --from desk@clinic.com\n  $ TRACKSTAT_SMTP_URL=smtps://user:pass@smtp.example.com trackstat connect smtp --from desk@clinic.com --test you@clinic.com`,
    )
    .action(
      wrap<{
        host?: string;
        port?: string;
        tls?: string;
        user?: string;
        passwordStdin?: boolean;
        from?: string;
        test?: string;
        verify: boolean;
      }>(async (ctx, _args, opts) => {
        const { connectSmtp } = await import('../messaging/connect-smtp.js');
        const result = await connectSmtp(opts, {
          io: ctx.io,
          credentials: ctx.credentials(),
          config: ctx.config(),
        });
        ctx.io.info(
          result.tested
            ? `SMTP connected; test email sent to ${result.tested}.`
            : opts.verify
              ? 'SMTP connected.'
              : 'SMTP settings stored (not verified).',
        );
      }),
    );
};
