import { NotConnectedError } from '../../errors.js';
import type { CredentialStore } from '../../home/secrets.js';
import type { Io } from '../../terminal/io.js';
import { TwilioClient } from './client.js';

/** Builds the Twilio client from the profile's credentials (env over stored); exit 5 when missing. */
export function twilioFromCredentials(store: CredentialStore, io: Io): TwilioClient {
  const creds = store.get('twilio')?.values ?? {};
  if (!creds.account_sid || !creds.auth_token || !(creds.from || creds.messaging_service_sid)) {
    throw new NotConnectedError(
      'Twilio is not connected (account SID, auth token and a sender are needed to send texts).',
      'Run: trackstat connect twilio --from +15551234567 (or set TRACKSTAT_TWILIO_ACCOUNT_SID and TRACKSTAT_TWILIO_AUTH_TOKEN), or use --channel email.',
    );
  }
  return new TwilioClient({
    accountSid: creds.account_sid,
    authToken: creds.auth_token,
    from: creds.from,
    messagingServiceSid: creds.messaging_service_sid,
    baseUrl: creds.base_url,
    trace: (line) => io.debug(line),
  });
}

/** Whether Twilio credentials are present (env or stored). */
export function twilioConfigured(store: CredentialStore): boolean {
  const c = store.get('twilio')?.values ?? {};
  return Boolean(c.account_sid && c.auth_token && (c.from || c.messaging_service_sid));
}
