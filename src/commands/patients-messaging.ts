import { UsageError } from '../errors.js';
import { commandGroup } from './groups.js';
import type { Register } from './wrap.js';

/**
 * `trackstat patients opt-out|opt-in|consent ACCOUNT`: manual messaging decisions. They take no
 * write lock on purpose: a STOP told to the front desk must be recordable while a blast runs, and
 * the blast re-reads it right before each send.
 */
export const register: Register = (program, wrap) => {
  const patients = commandGroup(program, 'patients', 'patient identity and messaging preferences', [
    'trackstat patients opt-out 10234 --channel sms',
    'trackstat patients consent 10234 --source "intake form"',
  ]);

  patients
    .command('opt-out')
    .description('never message this patient on a channel again (until opt-in)')
    .argument('<account>', 'EHR account number (or #ID)')
    .option('--channel <channel>', 'sms, email or both', 'both')
    .addHelpText('after', '\nExamples:\n  $ trackstat patients opt-out 1042 --channel sms')
    .action(
      wrap<{ channel: string }>(async (ctx, [account], opts) => {
        const prefs = await import('../messaging/patient-preferences.js');
        const channels = prefs.channelsOf(opts.channel);
        prefs.optOut(await ctx.db(), account ?? '', channels, ctx.io.now());
        ctx.io.info(`Patient ${account} opted out of ${channels.join(' and ')}.`);
      }),
    );

  patients
    .command('opt-in')
    .description('allow messages on a channel again (the patient asked to be messaged)')
    .argument('<account>', 'EHR account number (or #ID)')
    .option('--channel <channel>', 'sms, email or both', 'both')
    .addHelpText('after', '\nExamples:\n  $ trackstat patients opt-in 1042 --channel sms')
    .action(
      wrap<{ channel: string }>(async (ctx, [account], opts) => {
        const prefs = await import('../messaging/patient-preferences.js');
        const channels = prefs.channelsOf(opts.channel);
        prefs.optIn(await ctx.db(), account ?? '', channels, ctx.io.now());
        ctx.io.info(`Patient ${account} opted back in to ${channels.join(' and ')}.`);
      }),
    );

  patients
    .command('consent')
    .description('record that the patient consented to texts about payments')
    .argument('<account>', 'EHR account number (or #ID)')
    .option('--source <text>', 'where consent was given, e.g. "intake form"', 'front desk')
    .addHelpText(
      'after',
      '\nExamples:\n  $ trackstat patients consent 1042 --source "intake form 2026-11-02"',
    )
    .action(
      wrap<{ source: string }>(async (ctx, [account], opts) => {
        // Consent is evidence: an empty source would record consent from nowhere.
        if (opts.source.trim() === '')
          throw new UsageError(
            '--source must say where consent was given, e.g. --source "intake form".',
          );
        const prefs = await import('../messaging/patient-preferences.js');
        prefs.recordConsent(await ctx.db(), account ?? '', opts.source, ctx.io.now());
        ctx.io.info(`SMS consent recorded for patient ${account} (${opts.source}).`);
      }),
    );
};
