// Builds the outside world of a blast from the profile: Twilio when connected, SMTP when
// connected, and a link maker per connected processor. Missing ones just narrow the plan.
import type { ConfigStore } from '../home/config.js';
import type { CredentialStore } from '../home/secrets.js';
import { NotConnectedError } from '../errors.js';
import { smtpConfigured, smtpSettingsFrom } from '../integrations/smtp/from-credentials.js';
import { createMailer } from '../integrations/smtp/mailer.js';
import {
  twilioConfigured,
  twilioFromCredentials,
} from '../integrations/twilio/from-credentials.js';
import type { Io } from '../terminal/io.js';
import type { BlastDeps } from './run.js';

/** The providers a blast can use, checked against the channel asked for. */
export async function openBlastProviders(
  channel: 'sms' | 'email' | 'both',
  deps: { io: Io; config: ConfigStore; credentials: CredentialStore; dryRun?: boolean },
): Promise<Pick<BlastDeps, 'sms' | 'openMailer' | 'ports' | 'assumeChannels'>> {
  const { io, config, credentials } = deps;
  const wantSms = channel !== 'email';
  const wantEmail = channel !== 'sms';
  // A dry run only plans: without Twilio or SMTP it shows who would be reached on which channel.
  if (deps.dryRun && !twilioConfigured(credentials) && !smtpConfigured(credentials)) {
    io.warn(
      'Neither Twilio nor SMTP is connected: this plan assumes both; a real run needs trackstat connect twilio and/or trackstat connect smtp.',
    );
    const assumeChannels = { sms: wantSms, email: wantEmail };
    return { sms: undefined, openMailer: undefined, assumeChannels, ...(await linkPorts(deps)) };
  }
  if (channel === 'sms' && !twilioConfigured(credentials)) twilioFromCredentials(credentials, io);
  if (channel === 'email' && !smtpConfigured(credentials)) smtpSettingsFrom(credentials);
  const sms =
    wantSms && twilioConfigured(credentials) ? twilioFromCredentials(credentials, io) : undefined;
  const openMailer =
    wantEmail && smtpConfigured(credentials)
      ? () =>
          createMailer(
            smtpSettingsFrom(credentials),
            true,
            config.number('messaging.email_per_second'),
          )
      : undefined;
  if (!sms && !openMailer) {
    throw new NotConnectedError(
      'Neither Twilio nor SMTP is connected: there is no way to reach patients.',
      'Run: trackstat connect twilio and/or trackstat connect smtp.',
    );
  }
  return { sms, openMailer, ...(await linkPorts(deps)) };
}

/** A card-update link maker per connected processor (NotConnectedError when there is none). */
async function linkPorts(deps: {
  io: Io;
  config: ConfigStore;
  credentials: CredentialStore;
}): Promise<Pick<BlastDeps, 'ports'>> {
  const { io, config, credentials } = deps;
  const ports: BlastDeps['ports'] = {};
  if (credentials.get('fortis')) {
    const [{ fortisClientFor }, { fortisCardUpdatePort }] = await Promise.all([
      import('../integrations/fortis/connection.js'),
      import('./fortis-link-port.js'),
    ]);
    ports.fortis = fortisCardUpdatePort(fortisClientFor({ io, config, credentials }));
  }
  if (credentials.get('cashpractice')) {
    const [{ openCashPracticeClient }, { cashPracticeCardUpdatePort }] = await Promise.all([
      import('../integrations/cashpractice/open-client.js'),
      import('./cashpractice-link-port.js'),
    ]);
    ports.cashpractice = cashPracticeCardUpdatePort(
      openCashPracticeClient({ io, config, credentials }),
    );
  }
  if (!ports.fortis && !ports.cashpractice) {
    throw new NotConnectedError(
      'No processor is connected to make card-update links.',
      'Run: trackstat connect fortis (or connect cashpractice).',
    );
  }
  return { ports };
}
