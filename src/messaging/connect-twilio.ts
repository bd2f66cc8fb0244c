// `trackstat connect twilio`: gathers the account SID, auth token (hidden) and sender, verifies
// them with GET /Accounts/{Sid}.json and stores them in the profile's credentials file.
import { UsageError } from '../errors.js';
import type { CredentialStore } from '../home/secrets.js';
import { TwilioClient } from '../integrations/twilio/client.js';
import { askSecret, askText } from '../terminal/prompt.js';
import type { Io } from '../terminal/io.js';
import { normalizePhone } from '../domain/matching.js';
import { readStdinLine } from './read-stdin.js';

export interface ConnectTwilioOptions {
  accountSid?: string | undefined;
  authTokenStdin?: boolean | undefined;
  from?: string | undefined;
  messagingServiceSid?: string | undefined;
  baseUrl?: string | undefined;
  verify: boolean;
}

/** Stores (and by default verifies) the Twilio credentials; returns the account's name. */
export async function connectTwilio(
  opts: ConnectTwilioOptions,
  deps: { io: Io; credentials: CredentialStore },
): Promise<{ accountName: string | undefined }> {
  const { io } = deps;
  const existing = deps.credentials.get('twilio')?.values ?? {};
  const accountSid =
    opts.accountSid ??
    io.env.TRACKSTAT_TWILIO_ACCOUNT_SID ??
    (await askText(io, {
      message: 'Twilio account SID (starts with AC)',
      flag: '--account-sid',
      ...(existing.account_sid ? { default: existing.account_sid } : {}),
      validate: (v) =>
        /^AC[0-9a-fA-F]{32}$/.test(v.trim()) || 'An account SID is AC followed by 32 hex digits',
    }));
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid.trim())) {
    throw new UsageError(
      'The Twilio account SID must be AC followed by 32 hexadecimal digits.',
      'Copy it from the Twilio Console → Account info.',
    );
  }
  const authToken = opts.authTokenStdin
    ? await readStdinLine(io)
    : io.env.TRACKSTAT_TWILIO_AUTH_TOKEN ||
      (await askSecret(io, {
        message: 'Twilio auth token',
        flag: '--auth-token-stdin (or TRACKSTAT_TWILIO_AUTH_TOKEN)',
      }));
  if (!authToken) throw new UsageError('The Twilio auth token is empty.');
  let from = opts.from ?? (opts.messagingServiceSid ? undefined : existing.from);
  const service =
    opts.messagingServiceSid ?? (opts.from ? undefined : existing.messaging_service_sid);
  if (!from && !service) {
    from = await askText(io, {
      message: 'Sender number (E.164, e.g. +15551234567)',
      flag: '--from or --messaging-service-sid',
    });
  }
  if (from !== undefined) {
    const e164 = normalizePhone(from);
    if (!e164)
      throw new UsageError(`"${from}" is not a phone number.`, 'Use E.164, e.g. +15551234567.');
    from = e164;
  }
  if (service !== undefined && !/^MG[0-9a-fA-F]{32}$/.test(service)) {
    throw new UsageError('A Messaging Service SID is MG followed by 32 hexadecimal digits.');
  }
  const baseUrl = opts.baseUrl ?? existing.base_url;
  io.masker.add(authToken);
  let accountName: string | undefined;
  if (opts.verify) {
    const client = new TwilioClient({
      accountSid: accountSid.trim(),
      authToken,
      baseUrl,
      trace: (l) => io.debug(l),
    });
    accountName = (await client.verify()).name;
  }
  // Values coming from the environment are not copied into the file: env keeps overriding.
  deps.credentials.set('twilio', {
    account_sid: accountSid.trim(),
    ...(io.env.TRACKSTAT_TWILIO_AUTH_TOKEN && !opts.authTokenStdin
      ? {}
      : { auth_token: authToken }),
    ...(from ? { from } : {}),
    ...(service ? { messaging_service_sid: service } : {}),
    ...(baseUrl ? { base_url: baseUrl } : {}),
  });
  return { accountName };
}
